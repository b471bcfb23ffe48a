package org.newsroom.donations.epic;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.newsroom.donations.checkout.DonationLimits;
import org.newsroom.donations.contribution.Frequency;

/**
 * What the appeal shows one reader: the variant's copy, the currency for their country, and for every accepted
 * currency the limits the checkout enforces and the preset amounts, all in minor units, so the widget validates with
 * exactly the server's numbers and can switch currency without asking again.
 */
public record EpicOffer(String experiment, String variant, String heading, List<String> paragraphs, String highlight,
        String button, boolean showTicker, String country, String currency, Map<String, CurrencyOptions> options) {

    /** @param fractionDigits how many minor units make one unit (2 for USD, 0 for JPY) */
    public record CurrencyOptions(int fractionDigits, Map<Frequency, Choice> frequencies) {
    }

    public record Choice(long min, long max, List<Long> presets) {
    }

    static EpicOffer of(EpicProperties epic, DonationLimits limits, EpicProperties.Variant variant, String country,
            String requestedCurrency) {
        Map<String, CurrencyOptions> options = new LinkedHashMap<>();
        limits.currencies().stream().sorted().forEach(code -> options.put(code, options(epic, limits, code)));
        String currency = requestedCurrency != null && options.containsKey(requestedCurrency.toUpperCase(Locale.ROOT))
                ? requestedCurrency.toUpperCase(Locale.ROOT) : currencyFor(epic, country, options);
        String minimum = formatMinimum(currency, options.get(currency));
        String highlight = variant.highlight() == null ? null : variant.highlight().replace("{minimum}", minimum);
        return new EpicOffer(epic.experiment(), variant.id(), variant.heading(), variant.paragraphs(), highlight,
                variant.button(), variant.showTicker(), country, currency, options);
    }

    private static String currencyFor(EpicProperties epic, String country, Map<String, CurrencyOptions> options) {
        String mapped = country == null ? null : epic.countryCurrencies().get(country.toUpperCase(Locale.ROOT));
        return mapped != null && options.containsKey(mapped) ? mapped : epic.defaultCurrency();
    }

    private static CurrencyOptions options(EpicProperties epic, DonationLimits limits, String code) {
        int digits = Currency.getInstance(code).getDefaultFractionDigits();
        long scale = BigDecimal.TEN.pow(digits).longValueExact();
        Map<Frequency, List<Long>> presets = epic.presets().getOrDefault(code, epic.presets().get("default"));
        Map<Frequency, Choice> frequencies = new LinkedHashMap<>();
        limits.frequencies().forEach((frequency, range) -> frequencies.put(frequency, new Choice(
                range.minUnits() * scale, range.maxUnits() * scale,
                presets == null ? List.of() : presets.getOrDefault(frequency, List.of()).stream()
                        .map(units -> units * scale).toList())));
        return new CurrencyOptions(digits, frequencies);
    }

    /** "$1", "£1", "€1", "A$2": the smallest one-off contribution, as the appeal's "from as little as" says it. */
    private static String formatMinimum(String currency, CurrencyOptions options) {
        Choice oneOff = options.frequencies().get(Frequency.ONE_OFF);
        long minor = oneOff == null ? 0 : oneOff.min();
        BigDecimal units = BigDecimal.valueOf(minor).movePointLeft(options.fractionDigits()).stripTrailingZeros();
        String symbol = Currency.getInstance(currency).getSymbol(Locale.US);
        String amount = units.scale() <= 0 ? units.toBigInteger().toString() : units.toPlainString();
        return symbol.equals(currency) ? amount + " " + currency : symbol + amount;
    }
}
