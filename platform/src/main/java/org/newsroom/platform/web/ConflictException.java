package org.newsroom.platform.web;

/** The request contradicts the resource's current state (stale version, duplicate key, wrong status): a 409. */
public class ConflictException extends RuntimeException {

    public ConflictException(String detail) {
        super(detail);
    }
}
