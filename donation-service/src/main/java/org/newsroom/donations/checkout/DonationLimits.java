package org.newsroom.donations.checkout;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.newsroom.donations.contribution.Frequency;
import org.newsroom.platform.web.FieldViolation;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which currencies are accepted and, per frequency, the smallest and largest contribution in whole units of the
 * currency (converted to minor units with the currency's own decimals), e.g. one-off from 1 to 10,000.
 */
@ConfigurationProperties("donations.limits")
public record DonationLimits(Set<String> currencies, Map<Frequency, Range> frequencies) {

    public record Range(long minUnits, long maxUnits) {
    }

    /** @return the violation of the amount, or null when the amount is acceptable */
    public FieldViolation check(long amountMinor, String currency, Frequency frequency) {
        String code = currency == null ? "" : currency.toUpperCase(Locale.ROOT);
        if (!currencies.contains(code)) {
            return new FieldViolation("currency", "must be one of " + currencies.stream().sorted().toList());
        }
        Range range = frequencies.get(frequency);
        if (range == null) {
            return new FieldViolation("frequency", "is not offered");
        }
        long scale = BigDecimal.TEN.pow(Currency.getInstance(code).getDefaultFractionDigits()).longValueExact();
        long min = range.minUnits() * scale;
        long max = range.maxUnits() * scale;
        if (amountMinor < min || amountMinor > max) {
            return new FieldViolation("amount", "must be between " + min + " and " + max + " (minor units of "
                    + code + ") for " + frequency.name().toLowerCase(Locale.ROOT) + " contributions");
        }
        return null;
    }
}
