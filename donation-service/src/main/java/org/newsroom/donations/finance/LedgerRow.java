package org.newsroom.donations.finance;

import java.time.Instant;
import java.util.Date;
import java.util.Locale;

import org.bson.Document;
import org.newsroom.donations.contribution.Money;

/**
 * One contribution as finance sees it, read straight from the ledger document (one-offs written by the checkout and
 * renewals written by the subscription side share the shape). Contains personal data (email): finance roles only.
 */
record LedgerRow(String id, String status, String frequency, long amount, String currency, String amountDecimal,
        Long fee, Long net, String settlementCurrency, String exchangeRate, long refunded, String email, String country,
        String pageUrl, String variant, Instant createdAt, Instant paidAt, Instant refundedAt, Instant disputedAt,
        String paymentIntentId, String chargeId, String subscriptionId, String invoiceId, String checkoutSessionId) {

    static LedgerRow of(Document row) {
        Document amount = row.get("amount", Document.class);
        long minorUnits = ((Number) amount.get("minorUnits")).longValue();
        String currency = amount.getString("currency");
        Document settlement = row.get("settlement", Document.class);
        Document stripe = row.get("stripe", Document.class);
        if (stripe == null) {
            stripe = new Document();
        }
        return new LedgerRow(row.getString("_id"), lower(row.getString("status")), lower(row.getString("frequency")),
                minorUnits, currency, new Money(minorUnits, currency).decimal(),
                settlement == null ? null : number(settlement.get("feeMinorUnits")),
                settlement == null ? null : number(settlement.get("netMinorUnits")),
                settlement == null ? null : settlement.getString("currency"),
                settlement == null ? null : settlement.getString("exchangeRate"),
                row.get("refundedMinorUnits") == null ? 0 : number(row.get("refundedMinorUnits")),
                row.getString("email"), row.getString("country"), row.getString("pageUrl"), row.getString("variant"),
                instant(row, "createdAt"), instant(row, "paidAt"), instant(row, "refundedAt"),
                instant(row, "disputedAt"), stripe.getString("paymentIntentId"), stripe.getString("chargeId"),
                stripe.getString("subscriptionId"), stripe.getString("invoiceId"), stripe.getString("checkoutSessionId"));
    }

    private static Long number(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }

    private static Instant instant(Document row, String field) {
        Date date = row.getDate(field);
        return date == null ? null : date.toInstant();
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }
}
