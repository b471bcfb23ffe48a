package org.newsroom.donations.checkout;

import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import java.util.function.Supplier;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.StripeException;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionCreateParams.LineItem.PriceData;
import com.stripe.param.checkout.SessionCreateParams.LineItem.PriceData.Recurring;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.newsroom.donations.contribution.Contribution;
import org.newsroom.donations.contribution.Frequency;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Stripe Checkout Sessions through stripe-java: {@code payment} mode for a one-off contribution,
 * {@code subscription} with recurring {@code price_data} for monthly and annual ones. Every call carries an
 * idempotency key (so a retried request never creates a second session) and our contribution id, as
 * {@code client_reference_id} and in the metadata of the session and of the payment or subscription it creates.
 * Calls go through a circuit breaker: when Stripe is failing, callers are told at once instead of queueing up.
 */
public class StripeCheckouts {

    private static final Logger log = LoggerFactory.getLogger(StripeCheckouts.class);
    static final String CONTRIBUTION_ID = "contribution_id";
    /** Two read timeouts (8 s each by default) and a retry's back-off stay within the gateway's 20 s for checkouts. */
    private static final int ATTEMPTS_AFTER_TIMEOUT = 2;

    /** Stripe could not be reached or refused to work now: the caller should retry later. */
    public static class StripeUnavailableException extends RuntimeException {
        StripeUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public record CheckoutSession(String id, String url) {
    }

    private final StripeClient stripe;
    private final CircuitBreaker breaker;
    private final String productName;

    public StripeCheckouts(StripeClient stripe, CircuitBreaker breaker, String productName) {
        this.stripe = stripe;
        this.breaker = breaker;
        this.productName = productName;
    }

    public CheckoutSession create(Contribution contribution, String successUrl, String cancelUrl,
            String idempotencyKey) {
        SessionCreateParams params = params(contribution, successUrl, cancelUrl);
        RequestOptions options = RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
        Supplier<Session> call = () -> {
            for (int attempt = 1; ; attempt++) {
                try {
                    return stripe.v1().checkout().sessions().create(params, options);
                } catch (ApiConnectionException e) {
                    // stripe-java retries refused connections and 5xx itself, but not an answer that never came:
                    // Stripe may have created the session. The same idempotency key makes asking again safe, and
                    // Stripe then replays the session it created instead of making a second one.
                    if (attempt < ATTEMPTS_AFTER_TIMEOUT && timedOut(e)) {
                        log.info("Stripe did not answer in time; asking again with the same idempotency key");
                        continue;
                    }
                    throw new StripeUnavailableException("Stripe unreachable: " + e.getMessage(), e);
                } catch (StripeException e) {
                    throw new StripeUnavailableException("Stripe refused the checkout session: " + e.getMessage(), e);
                }
            }
        };
        try {
            Session session = breaker.executeSupplier(call);
            return new CheckoutSession(session.getId(), session.getUrl());
        } catch (CallNotPermittedException open) {
            throw new StripeUnavailableException("Stripe circuit open", open);
        } catch (StripeUnavailableException e) {
            log.warn("Checkout session for contribution {} not created: {}", contribution.id(), e.getMessage());
            throw e;
        }
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException || cause instanceof HttpTimeoutException) {
                return true;
            }
        }
        return false;
    }

    SessionCreateParams params(Contribution contribution, String successUrl, String cancelUrl) {
        boolean recurring = contribution.frequency() != Frequency.ONE_OFF;
        PriceData.Builder price = PriceData.builder()
                .setCurrency(contribution.amount().currency().toLowerCase(Locale.ROOT))
                .setUnitAmount(contribution.amount().minorUnits())
                .setProductData(PriceData.ProductData.builder().setName(productName).build());
        if (recurring) {
            price.setRecurring(Recurring.builder()
                    .setInterval(contribution.frequency() == Frequency.MONTHLY
                            ? Recurring.Interval.MONTH : Recurring.Interval.YEAR)
                    .build());
        }
        SessionCreateParams.Builder params = SessionCreateParams.builder()
                .setMode(recurring ? SessionCreateParams.Mode.SUBSCRIPTION : SessionCreateParams.Mode.PAYMENT)
                .setClientReferenceId(contribution.id())
                .putMetadata(CONTRIBUTION_ID, contribution.id())
                .setSuccessUrl(successUrl)
                .setCancelUrl(cancelUrl)
                .addLineItem(SessionCreateParams.LineItem.builder().setQuantity(1L).setPriceData(price.build()).build());
        if (contribution.email() != null) {
            params.setCustomerEmail(contribution.email());
        }
        if (recurring) {
            params.setSubscriptionData(SessionCreateParams.SubscriptionData.builder()
                    .putMetadata(CONTRIBUTION_ID, contribution.id()).build());
        } else {
            params.setPaymentIntentData(SessionCreateParams.PaymentIntentData.builder()
                    .putMetadata(CONTRIBUTION_ID, contribution.id()).build());
        }
        return params.build();
    }
}
