package org.newsroom.donations.subscription;

import java.time.Instant;
import java.util.Date;
import java.util.Locale;

import org.bson.Document;
import org.newsroom.donations.contribution.ContributionLedger;
import org.newsroom.donations.contribution.ContributionLedger.Settlement;
import org.newsroom.events.donations.ContributionEvent;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Recurring contributions: one document per Stripe subscription (active, past_due, canceled), linked to the
 * contribution that started it; each paid renewal invoice becomes a new contribution whose id derives from the
 * invoice id, so a repeated invoice.paid cannot create a second one.
 */
@Component
public class Subscriptions {

    public static final String SUBSCRIPTIONS = "subscriptions";

    public enum Status { ACTIVE, PAST_DUE, CANCELED }

    private final MongoTemplate mongo;
    private final ContributionLedger ledger;

    public Subscriptions(MongoTemplate mongo, ContributionLedger ledger) {
        this.mongo = mongo;
        this.ledger = ledger;
    }

    /** Records the subscription a paid checkout started; its SUBSCRIPTION_STARTED event goes to the first contribution. */
    public void started(String subscriptionId, String firstContributionId, String customerId, String stripeEventId,
            Instant at) {
        Document first = mongo.findById(firstContributionId, Document.class, ContributionLedger.CONTRIBUTIONS);
        // (read only: every write to the ledger goes through ContributionLedger)
        if (first == null || find(subscriptionId) != null) {
            return;
        }
        // Event first, record second: a crash in between replays both, and the event id lets consumers deduplicate.
        ledger.appendEvent(firstContributionId, stripeEventId + ":subscription_started",
                ContributionEvent.Type.SUBSCRIPTION_STARTED, at);
        try {
            mongo.insert(new Document("_id", subscriptionId).append("status", Status.ACTIVE.name())
                    .append("firstContributionId", firstContributionId).append("customerId", customerId)
                    .append("frequency", first.getString("frequency")).append("amount", first.get("amount"))
                    .append("email", first.getString("email")).append("country", first.getString("country"))
                    .append("variant", first.getString("variant")).append("startedAt", Date.from(at)), SUBSCRIPTIONS);
        } catch (DuplicateKeyException concurrentDelivery) {
            // recorded by a concurrent delivery of the same event
        }
    }

    /** @return the subscription, or null when Stripe tells of one we have not recorded (yet) */
    public Document find(String subscriptionId) {
        return mongo.findById(subscriptionId, Document.class, SUBSCRIPTIONS);
    }

    /**
     * A paid renewal: a new contribution, paid, with its PAID event in the same insert.
     *
     * @return false when it was already recorded
     */
    public boolean renewalPaid(Document subscription, String invoiceId, long amountPaid, String currency,
            String paymentIntentId, Settlement settlement, String stripeEventId, Instant at) {
        String id = "ctb_" + invoiceId;
        Document stripe = new Document("invoiceId", invoiceId).append("subscriptionId", subscription.get("_id"))
                .append("customerId", subscription.get("customerId")).append("paymentIntentId", paymentIntentId);
        Document contribution = new Document("_id", id).append("version", 0L).append("status", "PAID")
                .append("amount", new Document("minorUnits", amountPaid).append("currency", currency.toUpperCase(Locale.ROOT)))
                .append("frequency", subscription.getString("frequency")).append("email", subscription.getString("email"))
                .append("country", subscription.getString("country")).append("variant", subscription.getString("variant"))
                .append("stripe", stripe).append("createdAt", Date.from(at)).append("paidAt", Date.from(at))
                .append("outbox", java.util.List.of(ContributionLedger.outboxEntry(stripeEventId + ":paid",
                        ContributionEvent.Type.PAID, 0L, at)));
        if (settlement != null) {
            stripe.append("chargeId", settlement.chargeId());
            contribution.append("settlement", settlement.document());
        }
        return ledger.recordPaid(contribution);
    }

    public boolean changeStatus(String subscriptionId, Status from, Status to, Instant at) {
        Update update = new Update().set("status", to.name());
        if (to == Status.CANCELED) {
            update.set("canceledAt", Date.from(at));
        }
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(subscriptionId).and("status").is(from.name())),
                update, SUBSCRIPTIONS).getModifiedCount() == 1;
    }

    /** Cancels from any live status; the SUBSCRIPTION_CANCELED event goes to the first contribution. */
    public void canceled(String subscriptionId, String stripeEventId, Instant at) {
        Document subscription = find(subscriptionId);
        if (subscription == null || Status.CANCELED.name().equals(subscription.getString("status"))) {
            return;
        }
        ledger.appendEvent(subscription.getString("firstContributionId"), stripeEventId + ":subscription_canceled",
                ContributionEvent.Type.SUBSCRIPTION_CANCELED, at);
        if (!changeStatus(subscriptionId, Status.ACTIVE, Status.CANCELED, at)) {
            changeStatus(subscriptionId, Status.PAST_DUE, Status.CANCELED, at);
        }
    }
}
