package org.newsroom.donations.contribution;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.newsroom.events.donations.ContributionEvent;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The contributions ledger in MongoDB. Every change is one conditional single-document update: it applies only
 * from a status that may move to the new one ({@link ContributionStatus#canBecome}), and it appends the event to
 * publish to the same document's outbox in the same write, so a state change and its event are stored together or
 * not at all. A repeated or late webhook matches nothing and changes nothing.
 */
@Component
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

    private final MongoTemplate mongo;

    public ContributionLedger(MongoTemplate mongo) {
        this.mongo = mongo;
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
        Update update = new Update().set("paidAt", at);
        if (settlement != null) {
            update.set("stripe.chargeId", settlement.chargeId())
                    .set("settlement", new Document("feeMinorUnits", settlement.feeMinorUnits())
                            .append("netMinorUnits", settlement.netMinorUnits())
                            .append("currency", settlement.currency())
                            .append("exchangeRate", settlement.exchangeRate()));
        }
        setIfPresent(update, "stripe.paymentIntentId", paymentIntentId);
        setIfPresent(update, "stripe.subscriptionId", subscriptionId);
        setIfPresent(update, "stripe.customerId", customerId);
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
        Update update = new Update().set("stripe.paymentIntentId", paymentIntentId).set("stripe.invoiceId", invoiceId)
                .set("stripe.chargeId", settlement.chargeId())
                .set("settlement", new Document("feeMinorUnits", settlement.feeMinorUnits())
                        .append("netMinorUnits", settlement.netMinorUnits()).append("currency", settlement.currency())
                        .append("exchangeRate", settlement.exchangeRate()))
                .inc("version", 1);
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(contributionId).and("settlement").exists(false)),
                update, CONTRIBUTIONS).getModifiedCount() == 1;
    }

    /** Fee and net of a payment as its balance transaction says, in the settlement currency. */
    public record Settlement(String chargeId, long feeMinorUnits, long netMinorUnits, String currency,
            String exchangeRate) {
    }

    /** What finance needs to answer a dispute in time: its amount, Stripe's reason and the evidence deadline. */
    public record DisputeDetails(String id, long amount, String currency, String reason, Instant evidenceDueBy) {
    }

    public Outcome markDisputed(String paymentIntentId, DisputeDetails dispute, String stripeEventId, Instant at) {
        Update update = new Update().set("disputedAt", at).set("dispute", new Document("id", dispute.id())
                .append("amount", dispute.amount()).append("currency", dispute.currency())
                .append("reason", dispute.reason()).append("evidenceDueBy", dispute.evidenceDueBy())
                .append("status", "open"));
        return move(Criteria.where("stripe.paymentIntentId").is(paymentIntentId), null, ContributionStatus.DISPUTED,
                update, stripeEventId, 0, at);
    }

    public Outcome closeDispute(String paymentIntentId, boolean won, String stripeEventId, Instant at) {
        return move(Criteria.where("stripe.paymentIntentId").is(paymentIntentId), null,
                won ? ContributionStatus.DISPUTE_WON : ContributionStatus.DISPUTE_LOST,
                new Update().set("dispute.status", won ? "won" : "lost").set("dispute.closedAt", at), stripeEventId, 0,
                at);
    }

    public Outcome markFailed(String contributionId, String stripeEventId, Instant at) {
        return move(Criteria.where("_id").is(contributionId), null, ContributionStatus.FAILED, new Update(),
                stripeEventId, 0, at);
    }

    public Outcome markExpired(String contributionId, String stripeEventId, Instant at) {
        return move(Criteria.where("_id").is(contributionId), null, ContributionStatus.EXPIRED, new Update(),
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
        Criteria smallerTotal = new Criteria().orOperator(Criteria.where("refundedMinorUnits").exists(false),
                Criteria.where("refundedMinorUnits").lt(refundedTotal));
        Update update = new Update().set("refundedMinorUnits", refundedTotal).set("refundedAt", at);
        return move(byPayment, smallerTotal, target, update, stripeEventId, refundedTotal, at);
    }

    /**
     * @param which the contribution
     * @param guard a further condition for the change to apply, or null
     */
    private Outcome move(Criteria which, Criteria guard, ContributionStatus target, Update update,
            String stripeEventId, long refunded, Instant at) {
        List<String> from = new ArrayList<>();
        for (ContributionStatus status : ContributionStatus.values()) {
            if (status.canBecome(target)) {
                from.add(status.name());
            }
        }
        Criteria allowed = Criteria.where("status").in(from);
        Query query = Query.query(guard == null ? new Criteria().andOperator(which, allowed)
                : new Criteria().andOperator(which, allowed, guard));
        Document outboxEntry = new Document("eventId", stripeEventId + ":" + target.name().toLowerCase())
                .append("type", ContributionEvent.Type.valueOf(target.name()).name())
                .append("refundedMinorUnits", refunded)
                .append("occurredAt", at);
        update.set("status", target.name()).inc("version", 1).push("outbox", outboxEntry);
        if (mongo.updateFirst(query, update, CONTRIBUTIONS).getModifiedCount() == 1) {
            return Outcome.APPLIED;
        }
        Document current = mongo.findOne(Query.query(which), Document.class, CONTRIBUTIONS);
        if (current == null) {
            return Outcome.UNKNOWN;
        }
        ContributionStatus status = ContributionStatus.valueOf(current.getString("status"));
        return status == ContributionStatus.PENDING && !ContributionStatus.PENDING.canBecome(target)
                ? Outcome.NOT_READY : Outcome.UNCHANGED;
    }

    private static void setIfPresent(Update update, String field, String value) {
        if (value != null) {
            update.set(field, value);
        }
    }
}
