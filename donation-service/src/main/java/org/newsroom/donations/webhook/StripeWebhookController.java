package org.newsroom.donations.webhook;

import java.util.Map;
import java.util.Locale;

import io.swagger.v3.oas.annotations.Operation;
import org.newsroom.donations.webhook.StripeWebhooks.InvalidSignatureException;
import org.newsroom.donations.webhook.StripeWebhooks.RetryLaterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
class StripeWebhookController {

    private static final Logger log = LoggerFactory.getLogger(StripeWebhookController.class);

    private final StripeWebhooks webhooks;

    StripeWebhookController(StripeWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    /** The raw body is verified as received: it must not be parsed and re-serialised before the signature check. */
    @Operation(summary = "Stripe webhook endpoint (signed with Stripe-Signature)")
    @PostMapping("/api/donations/stripe/webhooks")
    ResponseEntity<Map<String, String>> receive(@RequestBody(required = false) String payload,
            @RequestHeader(name = "Stripe-Signature", required = false) String signature) {
        StripeWebhooks.Result result = webhooks.receive(payload, signature);
        return ResponseEntity.ok(Map.of("result", result.name().toLowerCase(Locale.ROOT)));
    }

    @ExceptionHandler(InvalidSignatureException.class)
    ResponseEntity<ProblemDetail> invalidSignature(InvalidSignatureException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid Stripe signature");
        return ResponseEntity.badRequest().body(problem);
    }

    /** Never a 2xx here: Stripe must deliver the event again. */
    @ExceptionHandler(RetryLaterException.class)
    ResponseEntity<ProblemDetail> retryLater(RetryLaterException e) {
        log.info("Stripe webhook deferred: {}", e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "Not applicable yet; deliver again later.");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "60").body(problem);
    }
}
