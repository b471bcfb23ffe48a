package org.newsroom.platform.web;

/** The caller is who they say, but may not see or do this (e.g. another advertiser's report): 403. */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}
