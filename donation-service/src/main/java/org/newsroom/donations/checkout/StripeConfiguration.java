package org.newsroom.donations.checkout;

import java.time.Duration;

import com.stripe.StripeClient;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.newsroom.donations.checkout.StripeCheckouts.StripeUnavailableException;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Stripe client: real Stripe by default; the local stack's emulator or WireMock by {@code STRIPE_API_BASE}.
 * The key comes from {@code STRIPE_SECRET_KEY} only. The client's own timeouts bound a slow Stripe, and its
 * network retries reuse the request's idempotency key, so they can never create a second session.
 */
@Configuration
@EnableConfigurationProperties({DonationLimits.class, CheckoutProperties.class})
class StripeConfiguration {

    @Bean
    StripeClient stripeClient(@Value("${donations.stripe.secret-key}") String secretKey,
            @Value("${donations.stripe.api-base}") String apiBase,
            @Value("${donations.stripe.connect-timeout:3s}") Duration connectTimeout,
            @Value("${donations.stripe.read-timeout:8s}") Duration readTimeout) {
        if (secretKey.isBlank()) {
            LoggerFactory.getLogger(StripeConfiguration.class)
                    .warn("STRIPE_SECRET_KEY is not set: checkouts will be refused by Stripe until it is");
        }
        return StripeClient.builder()
                .setApiKey(secretKey)
                .setApiBase(apiBase)
                .setConnectTimeout((int) connectTimeout.toMillis())
                .setReadTimeout((int) readTimeout.toMillis())
                .setMaxNetworkRetries(2)
                .build();
    }

    /** Opens after half of at least 10 recent calls failed; probes again after 30 s. */
    @Bean
    CircuitBreaker stripeCircuitBreaker() {
        return CircuitBreaker.of("stripe", CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(30))
                .recordExceptions(StripeUnavailableException.class)
                .build());
    }

    @Bean
    StripeCheckouts stripeCheckouts(StripeClient stripe, CircuitBreaker stripeCircuitBreaker,
            CheckoutProperties properties) {
        return new StripeCheckouts(stripe, stripeCircuitBreaker, properties.productName());
    }
}
