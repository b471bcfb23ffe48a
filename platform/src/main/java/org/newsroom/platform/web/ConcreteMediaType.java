package org.newsroom.platform.web;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/** Whether a request's Content-Type names one media type a body can be read as: parsable, no wildcard. */
public final class ConcreteMediaType {

    private ConcreteMediaType() {
    }

    public static boolean test(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (InvalidMediaTypeException notAMediaType) {
            return false;
        }
    }
}
