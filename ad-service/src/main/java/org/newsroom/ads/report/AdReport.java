package org.newsroom.ads.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.List;

/** The report: one row per period and group key, and the totals of the whole range. */
record AdReport(String from, String to, String granularity, String groupBy, String timeZone, List<Row> rows,
        Totals totals) {

    record Counts(long impressions, long viewableImpressions, long clicks, long invalidImpressions,
            long invalidViewableImpressions, long invalidClicks) {

        static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0);

        Counts plus(Counts other) {
            return new Counts(impressions + other.impressions, viewableImpressions + other.viewableImpressions,
                    clicks + other.clicks, invalidImpressions + other.invalidImpressions,
                    invalidViewableImpressions + other.invalidViewableImpressions, invalidClicks + other.invalidClicks);
        }

        /** Clicks per impression, as a decimal with 4 places ("0.0125" is 1.25 %). */
        String ctr() {
            return ratio(clicks, impressions);
        }

        /** Viewable impressions per impression, as a decimal with 4 places. */
        String viewabilityRate() {
            return ratio(viewableImpressions, impressions);
        }

        private static String ratio(long part, long whole) {
            return whole == 0 ? "0.0000"
                    : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_EVEN).toPlainString();
        }
    }

    /** @param amount decimal string in the currency's usual digits, e.g. "12.34" */
    record Spend(String currency, long minorUnits, String amount) {

        /** Spend is kept in thousandths of a minor unit (CPM / 1000 per impression); rounded once, here. */
        static Spend ofMilliMinor(String currency, long milliMinor) {
            long minor = BigDecimal.valueOf(milliMinor).divide(BigDecimal.valueOf(1000), 0, RoundingMode.HALF_EVEN)
                    .longValueExact();
            int digits = Currency.getInstance(currency).getDefaultFractionDigits();
            return new Spend(currency, minor, BigDecimal.valueOf(minor, digits).toPlainString());
        }
    }

    record Row(String period, String key, long impressions, long viewableImpressions, long clicks,
            long invalidImpressions, long invalidViewableImpressions, long invalidClicks, String ctr,
            String viewabilityRate, Spend spend) {

        static Row of(String period, String key, Counts counts, Spend spend) {
            return new Row(period, key, counts.impressions(), counts.viewableImpressions(), counts.clicks(),
                    counts.invalidImpressions(), counts.invalidViewableImpressions(), counts.invalidClicks(),
                    counts.ctr(), counts.viewabilityRate(), spend);
        }
    }

    /** @param spend one entry per currency: amounts in different currencies are never added together */
    record Totals(long impressions, long viewableImpressions, long clicks, long invalidImpressions,
            long invalidViewableImpressions, long invalidClicks, String ctr, String viewabilityRate,
            List<Spend> spend) {
    }
}
