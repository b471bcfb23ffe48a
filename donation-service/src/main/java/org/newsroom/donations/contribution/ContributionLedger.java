package org.newsroom.donations.contribution;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.Locale;

import org.bson.Document;
import org.newsroom.events.donations.ContributionEvent;
import org.newsroom.platform.tracing.TraceContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * The contributions ledger in MongoDB. Every change is one conditional single-document update: it applies only
 * from a status that may move to the new one ({@link ContributionStatus#canBecome}), and it appends the event to
 * publish to the same document's outbox in the same write, so a state change and its event are stored together or
 * not at all. A repeated or late webhook matches nothing and changes nothing.
 */
public class ContributionLedger {

    public static final String CONTRIBUTIONS = "contributions";

    /** What a requested change did. */
    public enum Outcome {
        APPLIED,
        /** Already there or beyond: a duplicate or late delivery. */
        UNCHANGED,
        /** The contribution is not (yet) in a state this change follows: let Stripe retry later. */
        NOT_READY,
        UNKNOWN
    }

    /** A concurrent change between read and write is retried this often before Stripe is asked to retry. */
    private static final int MAX_ATTEMPTS = 5;

    private final MongoTemplate mongo;
    private final Consumer<String> outboxFilled;

    /**
     * @param outboxFilled told the id of each contribution that was given an event to publish, so the relay can
     *                     publish it at once instead of finding it on its next sweep
     */
    public ContributionLedger(MongoTemplate mongo, Consumer<String> outboxFilled) {
        this.mongo = mongo;
        this.outboxFilled = outboxFilled;
        // Lets the embedded wire server find the optimistic-concurrency filter {_id, version} by index (it uses an
        // index only when the filter's keys are exactly the index's); MongoDB would use the _id index anyway.
        mongo.indexOps(CONTRIBUTIONS).createIndex(new Index().on("_id", Sort.Direction.ASC)
                .on("version", Sort.Direction.ASC).unique());
        mongo.indexOps(CONTRIBUTIONS).createIndex(new Index().on("stripe.paymentIntentId", Sort.Direction.ASC).sparse());
        mongo.indexOps(CONTRIBUTIONS).createIndex(new Index().on("outbox.eventId", Sort.Direction.ASC).sparse());
        // Finance's searches and totals (MongoDB uses them; the embedded wire server scans instead).
        mongo.indexOps(CONTRIBUTIONS).createIndex(new Index().on("stripe.chargeId", Sort.Direction.ASC).sparse());
        mongo.indexOps(CONTRIBUTIONS).createIndex(new Index().on("createdAt", Sort.Direction.DESC).on("_id", Sort.Direction.DESC));
        mongo.indexOps(CONTRIBUTIONS).createIndex(new Index().on("paidAt", Sort.Direction.ASC).sparse());
        mongo.indexOps(CONTRIBUTIONS).createIndex(new Index().on("email", Sort.Direction.ASC).sparse());
        mongo.indexOps(CONTRIBUTIONS).createIndex(new Index().on("status", Sort.Direction.ASC).on("dispute.evidenceDueBy", Sort.Direction.ASC));
    }

    /**
     * @param settlement the balance transaction's figures (fee, net, settlement currency, exchange rate), or null
     *                   when Stripe reports them later (subscriptions: on the invoice)
     */
    /** Records a new pending contribution; a retry of the same checkout attempt gets the one already recorded. */
    public Contribution openPending(Contribution fresh) {
        try {
            return mongo.insert(fresh, CONTRIBUTIONS);
        } catch (DuplicateKeyException alreadyRecorded) {
            return find(fresh.id());
        }
    }

    public Contribution find(String contributionId) {
        return mongo.findById(contributionId, Contribution.class, CONTRIBUTIONS);
    }

    public void attachCheckoutSession(String contributionId, String checkoutSessionId) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(contributionId)),
                new Update().set("stripe.checkoutSessionId", checkoutSessionId).inc("version", 1), CONTRIBUTIONS);
    }

    public Outcome markPaid(String contributionId, String paymentIntentId, String subscriptionId, String customerId,
            Settlement settlement, String stripeEventId, Instant at) {
        Supplier<Update> update = () -> {
            Update paid = new Update().set("paidAt", at);
            if (settlement != null) {
                paid.set("stripe.chargeId", settlement.chargeId()).set("settlement", settlement.document());
            }
            setIfPresent(paid, "stripe.paymentIntentId", paymentIntentId);
            setIfPresent(paid, "stripe.subscriptionId", subscriptionId);
            setIfPresent(paid, "stripe.customerId", customerId);
            return paid;
        };
        return move(Criteria.where("_id").is(contributionId), null, ContributionStatus.PAID, update, stripeEventId, 0,
                at);
    }

    /**
     * Fee and net of a contribution paid before its balance transaction was known (a subscription's first invoice).
     * Not a status change, so no event; applied once.
     *
     * @return false when already recorded
     */
    public boolean attachSettlement(String contributionId, String paymentIntentId, String invoiceId,
            Settlement settlement) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Document current = mongo.findById(contributionId, Document.class, CONTRIBUTIONS);
            if (current == null || current.get("settlement") != null) {
                return false;
            }
            Update update = new Update().set("stripe.paymentIntentId", paymentIntentId)
                    .set("stripe.invoiceId", invoiceId).set("stripe.chargeId", settlement.chargeId())
                    .set("settlement", settlement.document());
            if (writeIfUnchanged(current, update)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Records a contribution that arrives already paid (a subscription's renewal), with its event in its outbox.
     *
     * @return false when it was already recorded (its id derives from what Stripe paid)
     */
    public boolean recordPaid(Document contribution) {
        try {
            mongo.insert(contribution, CONTRIBUTIONS);
        } catch (DuplicateKeyException alreadyRecorded) {
            return false;
        }
        outboxFilled.accept(contribution.getString("_id"));
        return true;
    }

    /**
     * An event waiting in a contribution's outbox. It keeps the trace of the request that caused it (a webhook, a
     * checkout), so the Kafka record the relay sends later continues that trace.
     */
    public static Document outboxEntry(String eventId, ContributionEvent.Type type, long refundedMinorUnits,
            Instant at) {
        Document entry = new Document("eventId", eventId).append("type", type.name())
                .append("refundedMinorUnits", refundedMinorUnits).append("occurredAt", Date.from(at));
        String traceparent = TraceContext.currentTraceparent();
        if (traceparent != null) {
            entry.append(TraceContext.TRACEPARENT, traceparent);
        }
        return entry;
    }

    /**
     * Adds an event that is not a status change (a subscription started or ended) to a contribution's outbox,
     * unless the outbox already holds it.
     */
    public void appendEvent(String contributionId, String eventId, ContributionEvent.Type type, Instant at) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Document current = mongo.findById(contributionId, Document.class, CONTRIBUTIONS);
            if (current == null || current.getList("outbox", Document.class, List.of()).stream()
                    .anyMatch(entry -> eventId.equals(entry.getString("eventId")))) {
                return;
            }
            Update update = new Update().push("outbox", outboxEntry(eventId, type, 0L, at));
            if (writeIfUnchanged(current, update)) {
                outboxFilled.accept(contributionId);
                return;
            }
        }
    }

    /** Fee and net of a payment as its balance transaction says, in the settlement currency. */
    public record Settlement(String chargeId, long feeMinorUnits, long netMinorUnits, String currency,
            String exchangeRate) {

        /** As the ledger stores it under {@code settlement}. */
        public Document document() {
            return new Document("feeMinorUnits", feeMinorUnits).append("netMinorUnits", netMinorUnits)
                    .append("currency", currency).append("exchangeRate", exchangeRate);
        }
    }

    /** What finance needs to answer a dispute in time: its amount, Stripe's reason and the evidence deadline. */
    public record DisputeDetails(String id, long amount, String currency, String reason, Instant evidenceDueBy) {
    }

    public Outcome markDisputed(String paymentIntentId, DisputeDetails dispute, String stripeEventId, Instant at) {
        Supplier<Update> update = () -> new Update().set("disputedAt", at).set("dispute", new Document("id", dispute.id())
                .append("amount", dispute.amount()).append("currency", dispute.currency())
                .append("reason", dispute.reason()).append("evidenceDueBy", dispute.evidenceDueBy())
                .append("status", "open"));
        return move(Criteria.where("stripe.paymentIntentId").is(paymentIntentId), null, ContributionStatus.DISPUTED,
                update, stripeEventId, 0, at);
    }

    public Outcome closeDispute(String paymentIntentId, boolean won, String stripeEventId, Instant at) {
        return move(Criteria.where("stripe.paymentIntentId").is(paymentIntentId), null,
                won ? ContributionStatus.DISPUTE_WON : ContributionStatus.DISPUTE_LOST,
                () -> new Update().set("dispute.status", won ? "won" : "lost").set("dispute.closedAt", at),
                stripeEventId, 0, at);
    }

    public Outcome markFailed(String contributionId, String stripeEventId, Instant at) {
        return move(Criteria.where("_id").is(contributionId), null, ContributionStatus.FAILED, Update::new,
                stripeEventId, 0, at);
    }

    public Outcome markExpired(String contributionId, String stripeEventId, Instant at) {
        return move(Criteria.where("_id").is(contributionId), null, ContributionStatus.EXPIRED, Update::new,
                stripeEventId, 0, at);
    }

    /**
     * Records the refunded total Stripe reports for the payment (refunds made here or in Stripe's dashboard alike).
     * Totals only grow, so an older, smaller total arriving late is ignored.
     */
    public Outcome recordRefunds(String paymentIntentId, long refundedTotal, long chargeAmount, String stripeEventId,
            Instant at) {
        ContributionStatus target = refundedTotal >= chargeAmount ? ContributionStatus.REFUNDED
                : ContributionStatus.PARTIALLY_REFUNDED;
        Criteria byPayment = Criteria.where("stripe.paymentIntentId").is(paymentIntentId);
        Predicate<Document> smallerTotal = current -> current.get("refundedMinorUnits") == null
                || ((Number) current.get("refundedMinorUnits")).longValue() < refundedTotal;
        return move(byPayment, smallerTotal, target,
                () -> new Update().set("refundedMinorUnits", refundedTotal).set("refundedAt", at), stripeEventId,
                refundedTotal, at);
    }

    /**
     * Reads the contribution, lets the state machine decide, and writes only if nobody changed it meanwhile (the
     * update matches its {@code _id} and the {@code version} read, which it increments): optimistic concurrency on
     * one document. The decision is plain Java ({@link ContributionStatus#canBecome}), not a query operator, so the
     * write filter is an exact key that MongoDB (and the embedded wire server, through the unique
     * {@code {_id, version}} index) finds without a scan.
     *
     * @param which  the contribution
     * @param guard  a further condition on the current document for the change to apply, or null
     * @param update the change, built afresh for each attempt
     */
    private Outcome move(Criteria which, Predicate<Document> guard, ContributionStatus target,
            Supplier<Update> update, String stripeEventId, long refunded, Instant at) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Document current = mongo.findOne(Query.query(which), Document.class, CONTRIBUTIONS);
            if (current == null) {
                return Outcome.UNKNOWN;
            }
            ContributionStatus status = ContributionStatus.valueOf(current.getString("status"));
            if (!status.canBecome(target) || (guard != null && !guard.test(current))) {
                return status == ContributionStatus.PENDING && !ContributionStatus.PENDING.canBecome(target)
                        ? Outcome.NOT_READY : Outcome.UNCHANGED;
            }
            Document outboxEntry = outboxEntry(stripeEventId + ":" + target.name().toLowerCase(Locale.ROOT),
                    ContributionEvent.Type.valueOf(target.name()), refunded, at);
            Update change = update.get().set("status", target.name()).push("outbox", outboxEntry);
            if (writeIfUnchanged(current, change)) {
                outboxFilled.accept(current.getString("_id"));
                return Outcome.APPLIED;
            }
            // Changed by a concurrent delivery between read and write: decide again on what is there now.
        }
        return Outcome.NOT_READY;
    }

    /**
     * Applies the update, with the version incremented, only if the document is still the version that was read:
     * an exact {@code {_id, version}} filter, found by index on MongoDB and on the embedded wire server alike.
     */
    private boolean writeIfUnchanged(Document current, Update update) {
        Query unchanged = Query.query(Criteria.where("_id").is(current.get("_id")).and("version")
                .is(current.get("version")));
        return mongo.updateFirst(unchanged, update.inc("version", 1), CONTRIBUTIONS).getModifiedCount() == 1;
    }

    private static void setIfPresent(Update update, String field, String value) {
        if (value != null) {
            update.set(field, value);
        }
    }
}
