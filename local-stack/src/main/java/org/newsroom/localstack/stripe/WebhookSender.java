package org.newsroom.localstack.stripe;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events the way Stripe does: POST with {@code Stripe-Signature: t=<unix time>,v1=<HMAC-SHA256(secret,
 * t + "." + body)>}, retried with growing delays while the endpoint answers anything but 2xx.
 */
final class WebhookSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    private static final int MAX_ATTEMPTS = 8;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "stripe-emulator-webhooks");
        thread.setDaemon(true);
        return thread;
    });
    private final String endpoint;
    private final String secret;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    WebhookSender(String endpoint, String secret) {
        this.endpoint = endpoint;
        this.secret = secret;
    }

    void send(String eventId, String payload) {
        scheduler.execute(() -> attempt(eventId, payload, 1));
    }

    private void attempt(String eventId, String payload, int attempt) {
        int status;
        try {
            long timestamp = Instant.now().getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("Stripe-Signature", "t=" + timestamp + ",v1=" + hmac(timestamp + "." + payload))
                    .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8)).build();
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            status = -1;
        }
        if (status >= 200 && status < 300) {
            accepted.incrementAndGet();
            return;
        }
        refused.incrementAndGet();
        if (attempt >= MAX_ATTEMPTS) {
            log.warn("Webhook {} not accepted after {} attempts (last status {})", eventId, attempt, status);
            return;
        }
        long delaySeconds = Math.min(60, 1L << (attempt - 1));
        log.info("Webhook {} answered {}; retrying in {} s", eventId, status, delaySeconds);
        scheduler.schedule(() -> attempt(eventId, payload, attempt + 1), delaySeconds, TimeUnit.SECONDS);
    }

    /** Deliveries the endpoint answered with a 2xx. */
    int accepted() {
        return accepted.get();
    }

    /** Delivery attempts answered otherwise (or not at all); each is tried again later. */
    int refused() {
        return refused.get();
    }

    private String hmac(String signed) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
