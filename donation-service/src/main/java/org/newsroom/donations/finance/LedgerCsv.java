package org.newsroom.donations.finance;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.Iterator;

import org.newsroom.donations.contribution.Money;

/**
 * The contributions export as finance opens it in a spreadsheet: amounts as decimal strings beside their currency,
 * UTC timestamps in ISO 8601, and no cell a spreadsheet would run as a formula (OWASP CSV injection: a leading
 * {@code = + - @}, tab or carriage return gets a leading apostrophe). Rows are written as they are read.
 */
final class LedgerCsv {

    static final String HEADER = "contribution_id,created_at_utc,paid_at_utc,status,frequency,currency,amount,"
            + "settlement_currency,fee,net,refunded,refunded_at_utc,disputed_at_utc,country,variant,page_url,email,"
            + "payment_intent,charge,subscription,invoice";

    private LedgerCsv() {
    }

    /** @return the number of rows written */
    static long write(Iterator<LedgerRow> rows, Writer out) throws IOException {
        out.write(HEADER);
        out.write("\r\n");
        long count = 0;
        while (rows.hasNext()) {
            LedgerRow row = rows.next();
            String settlement = row.settlementCurrency() == null ? row.currency() : row.settlementCurrency();
            cells(out, row.id(), time(row.createdAt()), time(row.paidAt()), row.status(), row.frequency(),
                    row.currency(), row.amountDecimal(), row.settlementCurrency(), decimal(row.fee(), settlement),
                    decimal(row.net(), settlement), new Money(row.refunded(), row.currency()).decimal(),
                    time(row.refundedAt()), time(row.disputedAt()), row.country(), row.variant(), row.pageUrl(),
                    row.email(), row.paymentIntentId(), row.chargeId(), row.subscriptionId(), row.invoiceId());
            count++;
        }
        out.flush();
        return count;
    }

    private static void cells(Writer out, String... values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(values[i]));
        }
        out.write("\r\n");
    }

    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String safe = switch (value.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + value;
            default -> value;
        };
        if (safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }

    private static String decimal(Long minorUnits, String currency) {
        return minorUnits == null ? null : new Money(minorUnits, currency).decimal();
    }

    private static String time(Instant at) {
        return at == null ? null : at.toString();
    }
}
