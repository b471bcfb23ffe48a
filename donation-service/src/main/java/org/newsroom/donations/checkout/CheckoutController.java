package org.newsroom.donations.checkout;

import java.util.Locale;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Valid;
import org.newsroom.donations.checkout.CheckoutService.Started;
import org.newsroom.donations.checkout.StripeCheckouts.StripeUnavailableException;
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
class CheckoutController {

    private final CheckoutService checkouts;

    CheckoutController(CheckoutService checkouts) {
        this.checkouts = checkouts;
    }

    @Operation(summary = "Start a one-off or recurring contribution: answers the Stripe Checkout URL to send the reader to")
    @PostMapping("/api/donations/checkouts")
    ResponseEntity<Started> start(
            @Parameter(description = "A new random key per attempt; a retry of the same attempt reuses it")
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @Valid @RequestBody CheckoutRequest request) {
        long started = System.nanoTime();
        Started checkout = checkouts.start(idempotencyKey, request);
        double total = (System.nanoTime() - started) / 1e6;
        double stripe = checkout.stripeTime().toNanos() / 1e6;
        // W3C Server-Timing: our own time apart from Stripe's, for browsers' dev tools and the benchmark.
        String timing = String.format(Locale.ROOT, "app;dur=%.1f;desc=\"service without Stripe\", stripe;dur=%.1f",
                total - stripe, stripe);
        return ResponseEntity.status(HttpStatus.CREATED).header("Server-Timing", timing).body(checkout);
    }

    /** The reader's page shows this message; the contribution stays pending, never paid. */
    @ExceptionHandler(StripeUnavailableException.class)
    ResponseEntity<ProblemDetail> paymentsUnavailable(StripeUnavailableException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "We can't take payments right now. Nothing was charged; please try again in a minute.");
        problem.setTitle("Payments temporarily unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "30").body(problem);
    }
}
