package org.newsroom.donations.contribution;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;

/** An amount in minor units (cents, pence) of an ISO 4217 currency. Never floating point. */
public record Money(long minorUnits, String currency) {

    public Money {
        currency = currency.toUpperCase(Locale.ROOT);
    }

    /** As people write it, e.g. "10.00" for 1000 USD cents; the currency's own number of decimals. */
    public String decimal() {
        return BigDecimal.valueOf(minorUnits, Currency.getInstance(currency).getDefaultFractionDigits()).toPlainString();
    }
}
