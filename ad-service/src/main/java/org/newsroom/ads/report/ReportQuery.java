package org.newsroom.ads.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.newsroom.platform.web.FieldViolation;
import org.newsroom.platform.web.InvalidRequestException;
import org.newsroom.platform.web.RequestedPeriod;

/**
 * A validated report request. {@code from} and {@code to} are dates (whole days in {@code tz}, both included)
 * or ISO date-times (to exclusive).
 *
 * @param advertiserId null for ad operations (every advertiser); an advertiser's id restricts to its campaigns
 */
record ReportQuery(Instant from, Instant to, Granularity granularity, GroupBy groupBy, ZoneId zone,
        String advertiserId) {

    static final Duration MAX_RANGE = Duration.ofDays(400);

    enum Granularity { HOUR, DAY }

    enum GroupBy {
        CAMPAIGN("campaignId"), CREATIVE("creativeId"), SLOT("slot");

        final String field;

        GroupBy(String field) {
            this.field = field;
        }
    }

    static ReportQuery parse(String from, String to, String granularity, String groupBy, String tz,
            String advertiserId) {
        List<FieldViolation> violations = new ArrayList<>();
        ZoneId zone = RequestedPeriod.zone(tz, violations);
        RequestedPeriod period = RequestedPeriod.parse(from, to, zone, true, MAX_RANGE, "400 days", violations);
        Granularity g = choice("granularity", granularity == null ? "day" : granularity, Granularity.class, violations);
        GroupBy by = choice("groupBy", groupBy == null ? "campaign" : groupBy, GroupBy.class, violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return new ReportQuery(period.from(), period.to(), g, by, zone, advertiserId);
    }

    private static <E extends Enum<E>> E choice(String field, String value, Class<E> type,
            List<FieldViolation> violations) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            List<String> allowed = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                allowed.add(constant.name().toLowerCase(Locale.ROOT));
            }
            violations.add(new FieldViolation(field, "must be one of " + allowed));
            return null;
        }
    }

    /** The first hour whose aggregates belong to the range (aggregates are per UTC hour). */
    Instant firstHour() {
        return from.truncatedTo(ChronoUnit.HOURS);
    }
}
