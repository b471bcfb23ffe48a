package org.newsroom.donations.contribution;

import java.time.Instant;

/**
 * One payment in the ledger. Email is personal data: only finance roles read it, and it is never logged.
 *
 * @param stripe the Stripe objects this payment is known by, filled in as Stripe reports them
 */
public record Contribution(
        String id,
        long version,
        ContributionStatus status,
        Money amount,
        Frequency frequency,
        String email,
        String country,
        String pageUrl,
        String variant,
        StripeRefs stripe,
        Instant createdAt,
        Instant paidAt,
        Instant refundedAt) {

    public record StripeRefs(String checkoutSessionId, String paymentIntentId, String chargeId, String subscriptionId,
            String invoiceId, String customerId) {

        public static final StripeRefs NONE = new StripeRefs(null, null, null, null, null, null);

        public StripeRefs withCheckoutSession(String sessionId) {
            return new StripeRefs(sessionId, paymentIntentId, chargeId, subscriptionId, invoiceId, customerId);
        }
    }

    public static Contribution pending(String id, Money amount, Frequency frequency, String email, String country,
            String pageUrl, String variant, Instant now) {
        return new Contribution(id, 0, ContributionStatus.PENDING, amount, frequency, email, country, pageUrl, variant,
                StripeRefs.NONE, now, null, null);
    }
}
