package org.newsroom.donations.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.stripe.exception.EventDataObjectDeserializationException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Charge;
import com.stripe.model.Dispute;
import com.stripe.model.Event;
import com.stripe.model.Invoice;
import com.stripe.model.Subscription;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeObject;
import com.stripe.model.checkout.Session;
import com.stripe.net.Webhook;
import org.bson.Document;
import org.newsroom.donations.contribution.ContributionLedger;
import org.newsroom.donations.contribution.ContributionLedger.Outcome;
import org.newsroom.donations.subscription.Subscriptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/**
 * Learns payment outcomes from Stripe's signed webhooks and applies them to the ledger. Verification uses Stripe's
 * own scheme (stripe-java's {@link Webhook#constructEvent}) against each configured secret, so a secret can be rotated
 * with both active. Each event is applied at most once in effect: the ledger's transitions are conditional, and
 * processed event ids are kept under a unique id. An event that arrives before the one it depends on is refused
 * (Stripe retries it), which makes deliveries in any order converge.
 */
@Service
public class StripeWebhooks {

    static final String PROCESSED = "stripe_events";
    private static final Logger log = LoggerFactory.getLogger(StripeWebhooks.class);

    /** The signature is missing, wrong or too old: answer 400 and store nothing. */
    public static class InvalidSignatureException extends RuntimeException {
        InvalidSignatureException() {
            super("The Stripe-Signature header is missing, invalid or too old.");
        }
    }

    /** The event cannot be applied yet (or now): answer non-2xx so that Stripe delivers it again later. */
    public static class RetryLaterException extends RuntimeException {
        RetryLaterException(String message) {
            super(message);
        }
    }

    public enum Result { APPLIED, DUPLICATE, IGNORED }

    private final MongoTemplate mongo;
    private final ContributionLedger ledger;
    private final StripeSettlements settlements;
    private final Subscriptions subscriptions;
    private final List<String> secrets;
    private final long toleranceSeconds;
    private final Clock clock;

    StripeWebhooks(MongoTemplate mongo, ContributionLedger ledger, StripeSettlements settlements,
            Subscriptions subscriptions,
            @Value("${donations.stripe.webhook-secrets:}") List<String> secrets,
            @Value("${donations.stripe.webhook-tolerance-seconds:300}") long toleranceSeconds, Clock clock) {
        this.mongo = mongo;
        this.ledger = ledger;
        this.settlements = settlements;
        this.subscriptions = subscriptions;
        this.secrets = secrets.stream().filter(secret -> !secret.isBlank()).toList();
        this.toleranceSeconds = toleranceSeconds;
        this.clock = clock;
    }

    public Result receive(String payload, String signature) {
        Event event = verified(payload, signature);
        if (mongo.findById(event.getId(), Document.class, PROCESSED) != null) {
            return Result.DUPLICATE;
        }
        Result result = apply(event);
        try {
            mongo.insert(new Document("_id", event.getId()).append("type", event.getType())
                    .append("processedAt", Date.from(clock.instant())), PROCESSED);
        } catch (DuplicateKeyException concurrentDelivery) {
            return Result.DUPLICATE;
        }
        return result;
    }

    private Event verified(String payload, String signature) {
        if (signature == null || payload == null) {
            throw new InvalidSignatureException();
        }
        for (String secret : secrets) {
            try {
                return Webhook.constructEvent(payload, signature, secret, toleranceSeconds, clock);
            } catch (SignatureVerificationException wrongSecretOrTampered) {
                // try the next secret (rotation)
            }
        }
        throw new InvalidSignatureException();
    }

    private Result apply(Event event) {
        Instant at = clock.instant();
        String id = event.getId();
        return switch (event.getType()) {
            case "checkout.session.completed" -> {
                Session session = object(event, Session.class);
                // Bank debits and vouchers complete "unpaid": the async_payment_* events settle them later.
                yield "paid".equals(session.getPaymentStatus()) ? paid(session, event, at) : Result.IGNORED;
            }
            case "checkout.session.async_payment_succeeded" -> paid(object(event, Session.class), event, at);
            case "checkout.session.async_payment_failed" ->
                    outcome(ledger.markFailed(object(event, Session.class).getClientReferenceId(), id, at), event);
            case "checkout.session.expired" ->
                    outcome(ledger.markExpired(object(event, Session.class).getClientReferenceId(), id, at), event);
            case "payment_intent.payment_failed" -> {
                PaymentIntent intent = object(event, PaymentIntent.class);
                String contributionId = intent.getMetadata() == null ? null : intent.getMetadata().get("contribution_id");
                yield contributionId == null ? Result.IGNORED : outcome(ledger.markFailed(contributionId, id, at), event);
            }
            case "charge.refunded" -> {
                Charge charge = object(event, Charge.class);
                yield afterPayment(ledger.recordRefunds(charge.getPaymentIntent(), charge.getAmountRefunded(),
                        charge.getAmount(), id, at), event);
            }
            case "charge.dispute.created" -> {
                Dispute dispute = object(event, Dispute.class);
                Long dueBy = dispute.getEvidenceDetails() == null ? null : dispute.getEvidenceDetails().getDueBy();
                var details = new ContributionLedger.DisputeDetails(dispute.getId(), dispute.getAmount(),
                        dispute.getCurrency() == null ? null : dispute.getCurrency().toUpperCase(java.util.Locale.ROOT),
                        dispute.getReason(), dueBy == null ? null : Instant.ofEpochSecond(dueBy));
                yield afterPayment(ledger.markDisputed(dispute.getPaymentIntent(), details, id, at), event);
            }
            case "charge.dispute.closed" -> {
                Dispute dispute = object(event, Dispute.class);
                if (!"won".equals(dispute.getStatus()) && !"lost".equals(dispute.getStatus())) {
                    yield Result.IGNORED; // e.g. warning_closed: an inquiry that never became a dispute
                }
                yield afterPayment(ledger.closeDispute(dispute.getPaymentIntent(), "won".equals(dispute.getStatus()),
                        id, at), event);
            }
            case "invoice.paid" -> invoicePaid(object(event, Invoice.class), event, at);
            case "invoice.payment_failed" -> {
                Document subscription = subscriptionOf(object(event, Invoice.class));
                yield subscriptions.changeStatus(subscription.getString("_id"), Subscriptions.Status.ACTIVE,
                        Subscriptions.Status.PAST_DUE, at) ? Result.APPLIED : Result.DUPLICATE;
            }
            case "customer.subscription.deleted" -> {
                subscriptions.canceled(object(event, Subscription.class).getId(), id, at);
                yield Result.APPLIED;
            }
            default -> Result.IGNORED;
        };
    }

    /**
     * The first invoice pays the contribution the checkout created (checkout.session.completed records it); each
     * later one is a renewal: a new paid contribution. Fee and net come from the invoice's payment intent when the
     * event carries it.
     */
    private Result invoicePaid(Invoice invoice, Event event, Instant at) {
        Document subscription = subscriptionOf(invoice);
        String paymentIntent = null;
        if (invoice.getPayments() != null && invoice.getPayments().getData() != null) {
            paymentIntent = invoice.getPayments().getData().stream()
                    .map(payment -> payment.getPayment() == null ? null : payment.getPayment().getPaymentIntent())
                    .filter(java.util.Objects::nonNull).findFirst().orElse(null);
        }
        var settlement = paymentIntent == null ? null : settlements.of(paymentIntent);
        if ("subscription_create".equals(invoice.getBillingReason())) {
            // The checkout's own contribution: paid by checkout.session.completed, its fee and net known only here.
            return settlement == null ? Result.IGNORED : ledger.attachSettlement(
                    subscription.getString("firstContributionId"), paymentIntent, invoice.getId(), settlement)
                    ? Result.APPLIED : Result.DUPLICATE;
        }
        return subscriptions.renewalPaid(subscription, invoice.getId(), invoice.getAmountPaid(), invoice.getCurrency(),
                paymentIntent, settlement, event.getId(), at) ? Result.APPLIED : Result.DUPLICATE;
    }

    /** The subscription an invoice belongs to; not recorded yet means its checkout is still on its way: retry. */
    private Document subscriptionOf(Invoice invoice) {
        String subscriptionId = invoice.getParent() == null || invoice.getParent().getSubscriptionDetails() == null
                ? null : invoice.getParent().getSubscriptionDetails().getSubscription();
        Document subscription = subscriptionId == null ? null : subscriptions.find(subscriptionId);
        if (subscription == null) {
            throw new RetryLaterException("Invoice " + invoice.getId() + " for a subscription not yet recorded");
        }
        return subscription;
    }

    /** Paid: with the fee and net of its balance transaction for a one-off payment, fetched before the update. */
    private Result paid(Session session, Event event, Instant at) {
        String paymentIntent = session.getPaymentIntent();
        var settlement = paymentIntent == null ? null : settlements.of(paymentIntent);
        Result result = outcome(ledger.markPaid(session.getClientReferenceId(), paymentIntent,
                session.getSubscription(), session.getCustomer(), settlement, event.getId(), at), event);
        if (session.getSubscription() != null) {
            subscriptions.started(session.getSubscription(), session.getClientReferenceId(), session.getCustomer(),
                    event.getId(), at);
        }
        return result;
    }

    /**
     * For events about a charge (refunds, disputes): a payment not found in the ledger is one whose
     * checkout.session.completed has not been applied yet, so Stripe must deliver this one again later.
     */
    private static Result afterPayment(Outcome outcome, Event event) {
        if (outcome == Outcome.UNKNOWN) {
            throw new RetryLaterException(event.getType() + " for a payment not yet in the ledger");
        }
        return outcome(outcome, event);
    }

    private static Result outcome(Outcome outcome, Event event) {
        return switch (outcome) {
            case APPLIED -> Result.APPLIED;
            case UNCHANGED -> Result.DUPLICATE;
            case NOT_READY -> throw new RetryLaterException(event.getType() + " arrived before the payment it follows");
            case UNKNOWN -> {
                log.warn("Stripe event {} ({}) names no contribution of ours; ignored", event.getId(), event.getType());
                yield Result.IGNORED;
            }
        };
    }

    /**
     * The event's object. Typed deserialization needs the SDK's API version; an event of another version is read
     * leniently rather than dropped (the fields used here exist in every version we know), and logged.
     */
    private static <T extends StripeObject> T object(Event event, Class<T> type) {
        var data = event.getDataObjectDeserializer();
        StripeObject object = data.getObject().orElse(null);
        if (object == null) {
            log.warn("Stripe event {} has API version {} (SDK expects {}): reading it leniently", event.getId(),
                    event.getApiVersion(), com.stripe.Stripe.API_VERSION);
            try {
                object = data.deserializeUnsafe();
            } catch (EventDataObjectDeserializationException unreadable) {
                throw new RetryLaterException("Unreadable " + event.getType() + " of API version " + event.getApiVersion());
            }
        }
        if (!type.isInstance(object)) {
            throw new RetryLaterException("Unexpected object in " + event.getType());
        }
        return type.cast(object);
    }
}
