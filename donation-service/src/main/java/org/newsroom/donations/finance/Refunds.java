package org.newsroom.donations.finance;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.Locale;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.StripeException;
import com.stripe.model.Refund;
import com.stripe.net.RequestOptions;
import com.stripe.param.RefundCreateParams;
import org.bson.Document;
import org.newsroom.donations.contribution.ContributionLedger;
import org.newsroom.platform.web.ConflictException;
import org.newsroom.platform.web.FieldViolation;
import org.newsroom.platform.web.IdempotencyKeyReusedException;
import org.newsroom.platform.web.InvalidRequestException;
import org.newsroom.platform.web.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Refunds asked for by finance administrators, made through Stripe's refund API. The ledger is not touched here:
 * it changes when Stripe's charge.refunded webhook confirms, exactly as for a refund made in Stripe's dashboard.
 * Every request that reaches a decision is written to the audit log (who, when, what, outcome) under its
 * Idempotency-Key, which also makes a retried request return the first answer, and Stripe gets a key derived from
 * it, so a retry can never refund twice.
 */
@Service
class Refunds {

    static final String AUDIT = "refund_audit";
    private static final Set<String> REASONS = Set.of("requested_by_customer", "duplicate", "fraudulent");
    private static final Set<String> REFUNDABLE = Set.of("PAID", "PARTIALLY_REFUNDED");
    private static final Logger log = LoggerFactory.getLogger(Refunds.class);

    /** Stripe could not be reached: nothing is known to have happened; retry with the same key. */
    static class StripeUnreachableException extends RuntimeException {
        StripeUnreachableException(String message) {
            super(message);
        }
    }

    /** What finance is told, and what a retry with the same key is told again. */
    record Outcome(String status, String contributionId, String refundId, long amount, String currency,
            String stripeStatus, String detail) {
    }

    private final MongoTemplate mongo;
    private final StripeClient stripe;
    private final Clock clock;

    Refunds(MongoTemplate mongo, StripeClient stripe, Clock clock) {
        this.mongo = mongo;
        this.stripe = stripe;
        this.clock = clock;
        mongo.indexOps(AUDIT).createIndex(new Index().on("requestedAt", Sort.Direction.DESC));
    }

    Outcome refund(String idempotencyKey, RefundRequest request, String requestedBy) {
        validate(idempotencyKey, request);
        Document contribution = mongo.findById(request.contributionId(), Document.class, ContributionLedger.CONTRIBUTIONS);
        if (contribution == null) {
            throw new NotFoundException("No contribution " + request.contributionId());
        }
        Document audit = new Document("_id", idempotencyKey).append("fingerprint", request.fingerprint())
                .append("requestedBy", requestedBy).append("requestedAt", Date.from(clock.instant()))
                .append("contributionId", request.contributionId()).append("requestedAmount", request.amount())
                .append("reason", request.reason()).append("note", request.note()).append("status", "PENDING");
        try {
            mongo.insert(audit, AUDIT);
        } catch (DuplicateKeyException retry) {
            audit = mongo.findById(idempotencyKey, Document.class, AUDIT);
            if (!request.fingerprint().equals(audit.getString("fingerprint"))) {
                throw new IdempotencyKeyReusedException();
            }
            if (!"PENDING".equals(audit.getString("status")) && !"STRIPE_UNREACHABLE".equals(audit.getString("status"))) {
                return replay(audit);
            }
        }
        Document amount = contribution.get("amount", Document.class);
        String currency = amount.getString("currency");
        long remaining = ((Number) amount.get("minorUnits")).longValue()
                - (contribution.get("refundedMinorUnits") == null ? 0 : ((Number) contribution.get("refundedMinorUnits")).longValue());
        String status = contribution.getString("status");
        long asked = request.amount() == null ? remaining : request.amount();
        if (!REFUNDABLE.contains(status)) {
            return refused(idempotencyKey, request, asked, currency,
                    "A contribution that is " + status.toLowerCase(Locale.ROOT) + " cannot be refunded.");
        }
        if (asked > remaining) {
            return refused(idempotencyKey, request, asked, currency, "Only " + remaining
                    + " minor units remain refundable; " + asked + " were asked for.");
        }
        Document refs = contribution.get("stripe", Document.class);
        String paymentIntent = refs == null ? null : refs.getString("paymentIntentId");
        String charge = refs == null ? null : refs.getString("chargeId");
        if (paymentIntent == null && charge == null) {
            return refused(idempotencyKey, request, asked, currency, "No Stripe payment is recorded for it yet.");
        }
        return submit(idempotencyKey, request, requestedBy, paymentIntent, charge, asked, currency);
    }

    private Outcome submit(String idempotencyKey, RefundRequest request, String requestedBy, String paymentIntent,
            String charge, long amount, String currency) {
        RefundCreateParams.Builder params = RefundCreateParams.builder().setAmount(amount)
                .setReason(RefundCreateParams.Reason.valueOf(request.reason().toUpperCase(Locale.ROOT)))
                .putMetadata("contribution_id", request.contributionId())
                .putMetadata("requested_by", requestedBy);
        if (paymentIntent != null) {
            params.setPaymentIntent(paymentIntent);
        } else {
            params.setCharge(charge);
        }
        try {
            Refund refund = stripe.v1().refunds().create(params.build(),
                    RequestOptions.builder().setIdempotencyKey("refund-" + idempotencyKey).build());
            Outcome outcome = new Outcome("SUBMITTED", request.contributionId(), refund.getId(), amount, currency,
                    refund.getStatus(), "Stripe accepted the refund; the ledger records it when Stripe confirms.");
            finish(idempotencyKey, outcome);
            log.info("Refund {} of {} {} submitted for contribution {} by {}", refund.getId(), amount, currency,
                    request.contributionId(), requestedBy);
            return outcome;
        } catch (ApiConnectionException unreachable) {
            finish(idempotencyKey, new Outcome("STRIPE_UNREACHABLE", request.contributionId(), null, amount, currency,
                    null, "Stripe could not be reached."));
            throw new StripeUnreachableException("Stripe could not be reached; retry with the same Idempotency-Key.");
        } catch (StripeException refusedByStripe) {
            if (refusedByStripe.getStatusCode() != null && refusedByStripe.getStatusCode() >= 500) {
                finish(idempotencyKey, new Outcome("STRIPE_UNREACHABLE", request.contributionId(), null, amount,
                        currency, null, "Stripe failed to answer."));
                throw new StripeUnreachableException("Stripe failed; retry with the same Idempotency-Key.");
            }
            String message = refusedByStripe.getStripeError() == null ? "Stripe refused the refund."
                    : "Stripe refused the refund: " + refusedByStripe.getStripeError().getMessage();
            return refused(idempotencyKey, request, amount, currency, message);
        }
    }

    private Outcome refused(String idempotencyKey, RefundRequest request, long amount, String currency, String why) {
        Outcome outcome = new Outcome("REFUSED", request.contributionId(), null, amount, currency, null, why);
        finish(idempotencyKey, outcome);
        throw new ConflictException(why);
    }

    private void finish(String idempotencyKey, Outcome outcome) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(idempotencyKey)), new Update()
                .set("status", outcome.status()).set("amount", outcome.amount()).set("currency", outcome.currency())
                .set("refundId", outcome.refundId()).set("stripeStatus", outcome.stripeStatus())
                .set("detail", outcome.detail()).set("finishedAt", Date.from(clock.instant())), AUDIT);
    }

    private static Outcome replay(Document audit) {
        Outcome outcome = new Outcome(audit.getString("status"), audit.getString("contributionId"),
                audit.getString("refundId"), ((Number) audit.get("amount")).longValue(), audit.getString("currency"),
                audit.getString("stripeStatus"), audit.getString("detail"));
        if ("REFUSED".equals(outcome.status())) {
            throw new ConflictException(outcome.detail());
        }
        return outcome;
    }

    /** The audit log, newest first. */
    List<Document> audit(int limit) {
        Query query = new Query().with(Sort.by(Sort.Direction.DESC, "requestedAt")).limit(limit);
        query.fields().exclude("fingerprint");
        return mongo.find(query, Document.class, AUDIT);
    }

    private static void validate(String idempotencyKey, RefundRequest request) {
        List<FieldViolation> violations = new ArrayList<>();
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 255) {
            violations.add(new FieldViolation("Idempotency-Key", "header is required: one new key per refund attempt"));
        }
        if (request.contributionId() == null || request.contributionId().isBlank()) {
            violations.add(new FieldViolation("contributionId", "is required"));
        }
        if (request.amount() != null && request.amount() < 1) {
            violations.add(new FieldViolation("amount", "must be at least 1 minor unit, or omitted for a full refund"));
        }
        if (request.reason() == null || !REASONS.contains(request.reason())) {
            violations.add(new FieldViolation("reason", "is required: one of " + REASONS));
        }
        if (request.note() != null && request.note().length() > 500) {
            violations.add(new FieldViolation("note", "must be at most 500 characters"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
    }
}
