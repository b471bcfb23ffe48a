package org.newsroom.gateway;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A 503 the gateway raises itself with a message written for the person reading it (other 5xx details are never
 * shown, since they may name internals).
 */
public class ReaderFacingUnavailable extends ErrorResponseException {

    public ReaderFacingUnavailable(String detail) {
        super(HttpStatus.SERVICE_UNAVAILABLE, ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail),
                null);
    }
}
