package org.newsroom.platform.web;

/** The addressed resource does not exist: a 404 whose detail says what was looked for. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String detail) {
        super(detail);
    }
}
