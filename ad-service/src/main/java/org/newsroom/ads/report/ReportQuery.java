package org.newsroom.ads.report;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.newsroom.platform.web.FieldViolation;
import org.newsroom.platform.web.InvalidRequestException;

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
        ZoneId zone = ZoneId.of("UTC");
        if (tz != null) {
            try {
                zone = ZoneId.of(tz);
            } catch (DateTimeException e) {
                violations.add(new FieldViolation("tz", "unknown time zone; use an IANA id such as Europe/London"));
            }
        }
        Instant start = instant("from", from, zone, false, violations);
        Instant end = instant("to", to, zone, true, violations);
        Granularity g = choice("granularity", granularity == null ? "day" : granularity, Granularity.class, violations);
        GroupBy by = choice("groupBy", groupBy == null ? "campaign" : groupBy, GroupBy.class, violations);
        if (start != null && end != null) {
            if (!start.isBefore(end)) {
                violations.add(new FieldViolation("to", "must be after from"));
            } else if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
                violations.add(new FieldViolation("to", "the range may span at most 400 days"));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return new ReportQuery(start, end, g, by, zone, advertiserId);
    }

    private static Instant instant(String field, String value, ZoneId zone, boolean endOfRange,
            List<FieldViolation> violations) {
        if (value == null || value.isBlank()) {
            violations.add(new FieldViolation(field, "is required (a date such as 2026-11-27 or an ISO date-time)"));
            return null;
        }
        try {
            LocalDate day = LocalDate.parse(value);
            return (endOfRange ? day.plusDays(1) : day).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException notADate) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException notADateTime) {
                violations.add(new FieldViolation(field, "must be a date such as 2026-11-27 or an ISO date-time"));
                return null;
            }
        }
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
