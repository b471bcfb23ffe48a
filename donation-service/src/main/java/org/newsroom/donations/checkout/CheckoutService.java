package org.newsroom.donations.checkout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.bson.Document;
import org.newsroom.donations.checkout.StripeCheckouts.CheckoutSession;
import org.newsroom.donations.contribution.Contribution;
import org.newsroom.donations.contribution.ContributionLedger;
import org.newsroom.donations.contribution.Money;
import org.newsroom.platform.web.FieldViolation;
import org.newsroom.platform.web.IdempotencyKeyReusedException;
import org.newsroom.platform.web.InvalidRequestException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Starts a contribution: validates it, records it as pending, and creates its Stripe Checkout Session, exactly once
 * per Idempotency-Key. The key's record (request fingerprint, contribution id, checkout URL) is written before
 * Stripe is called, so a retry after any failure reuses the same contribution and the same Stripe idempotency key.
 */
@Service
public class CheckoutService {

    static final String REQUESTS = "checkout_requests";

    /** @param stripeTime how long Stripe took to answer (zero on a replay): reported, not serialized */
    public record Started(String contributionId, String checkoutUrl, @JsonIgnore Duration stripeTime) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final MongoTemplate mongo;
    private final ContributionLedger ledger;
    private final StripeCheckouts stripe;
    private final DonationLimits limits;
    private final CheckoutProperties properties;
    private final Clock clock;

    CheckoutService(MongoTemplate mongo, ContributionLedger ledger, StripeCheckouts stripe, DonationLimits limits,
            CheckoutProperties properties, Clock clock) {
        this.mongo = mongo;
        this.ledger = ledger;
        this.stripe = stripe;
        this.limits = limits;
        this.properties = properties;
        this.clock = clock;
    }

    public Started start(String idempotencyKey, CheckoutRequest request) {
        validate(idempotencyKey, request);
        String fingerprint = sha256(request.fingerprint());
        // Insert first: a new key (the common case) costs one write; a known key, one failed insert and a read.
        Document attempt = new Document("_id", idempotencyKey).append("fingerprint", fingerprint)
                .append("contributionId", "ctb_" + randomId()).append("createdAt", clock.instant());
        boolean firstAttempt = true;
        try {
            mongo.insert(attempt, REQUESTS);
        } catch (DuplicateKeyException knownKey) {
            attempt = mongo.findById(idempotencyKey, Document.class, REQUESTS);
            firstAttempt = false;
        }
        if (!fingerprint.equals(attempt.getString("fingerprint"))) {
            throw new IdempotencyKeyReusedException();
        }
        String contributionId = attempt.getString("contributionId");
        if (attempt.getString("checkoutUrl") != null) {
            return new Started(contributionId, attempt.getString("checkoutUrl"), Duration.ZERO);
        }
        Contribution contribution = pendingContribution(contributionId, request, firstAttempt);
        long stripeStarted = System.nanoTime();
        CheckoutSession session = stripe.create(contribution, withStatus(request.returnUrl(), "success"),
                withStatus(request.returnUrl(), "cancelled"), "checkout-" + idempotencyKey);
        ledger.attachCheckoutSession(contributionId, session.id());
        mongo.updateFirst(Query.query(Criteria.where("_id").is(idempotencyKey)),
                new Update().set("checkoutUrl", session.url()).set("checkoutSessionId", session.id()), REQUESTS);
        return new Started(contributionId, session.url(), Duration.ofNanos(System.nanoTime() - stripeStarted));
    }

    /** Inserted once; a retry of the same attempt finds it there (unique id) and goes on with it. */
    private Contribution pendingContribution(String id, CheckoutRequest request, boolean firstAttempt) {
        if (!firstAttempt) {
            Contribution existing = ledger.find(id);
            if (existing != null) {
                return existing;
            }
        }
        CheckoutRequest.Context context = request.context();
        return ledger.openPending(Contribution.pending(id, new Money(request.amount(), request.currency()),
                request.frequency(), request.email(),
                context == null || context.country() == null ? null : context.country().toUpperCase(Locale.ROOT),
                context == null ? null : context.pageUrl(), context == null ? null : context.variant(), clock.instant()));
    }

    private void validate(String idempotencyKey, CheckoutRequest request) {
        List<FieldViolation> violations = new ArrayList<>();
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 255) {
            violations.add(new FieldViolation("Idempotency-Key", "header is required: one new key per attempt"));
        }
        FieldViolation amount = limits.check(request.amount(), request.currency(), request.frequency());
        if (amount != null) {
            violations.add(amount);
        }
        if (!properties.allowsReturnTo(request.returnUrl())) {
            violations.add(new FieldViolation("returnUrl", "must be a page of one of the publisher's sites"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
    }

    private static String withStatus(String returnUrl, String status) {
        return UriComponentsBuilder.fromUriString(returnUrl).replaceQueryParam("contribution", status).build()
                .toUriString();
    }

    private static String randomId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
