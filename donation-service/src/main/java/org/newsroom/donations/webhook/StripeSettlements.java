package org.newsroom.donations.webhook;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.BalanceTransaction;
import com.stripe.model.Charge;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentRetrieveParams;
import org.newsroom.donations.contribution.ContributionLedger.Settlement;
import org.springframework.stereotype.Component;

/**
 * What Stripe kept and what reaches the publisher's balance for a payment: the fee, the net and the exchange rate of
 * its balance transaction, in the settlement currency. Read from Stripe when the payment succeeds.
 */
@Component
class StripeSettlements {

    private final StripeClient stripe;

    StripeSettlements(StripeClient stripe) {
        this.stripe = stripe;
    }

    /**
     * The exchange rate, from the charge's currency to the settlement currency, stays Stripe's exact decimal string
     * (null when no conversion happened).
     *
     * @throws StripeWebhooks.RetryLaterException when Stripe cannot tell us now: the webhook will come again */
    Settlement of(String paymentIntentId) {
        try {
            PaymentIntent intent = stripe.v1().paymentIntents().retrieve(paymentIntentId,
                    PaymentIntentRetrieveParams.builder().addExpand("latest_charge.balance_transaction").build());
            Charge charge = intent.getLatestChargeObject();
            BalanceTransaction balance = charge == null ? null : charge.getBalanceTransactionObject();
            if (balance == null) {
                throw new StripeWebhooks.RetryLaterException("No balance transaction yet for " + paymentIntentId);
            }
            return new Settlement(charge.getId(), balance.getFee(), balance.getNet(),
                    balance.getCurrency().toUpperCase(java.util.Locale.ROOT),
                    balance.getExchangeRate() == null ? null : balance.getExchangeRate().toPlainString());
        } catch (StripeException e) {
            throw new StripeWebhooks.RetryLaterException("Stripe unavailable for the settlement of " + paymentIntentId);
        }
    }
}
