package org.newsroom.platform.web;

/** The same Idempotency-Key came with a different request: 422, nothing done (the IETF idempotency-key draft's answer). */
public class IdempotencyKeyReusedException extends RuntimeException {

    public IdempotencyKeyReusedException() {
        super("This Idempotency-Key was already used for a different request; use a new key per attempt.");
    }
}
