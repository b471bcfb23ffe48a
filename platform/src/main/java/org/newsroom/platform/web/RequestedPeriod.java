package org.newsroom.platform.web;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * A period asked for in a query string, as people write it: {@code from} and {@code to} are either dates (whole
 * days in the request's time zone, both included) or ISO date-times with an offset ({@code to} exclusive).
 * Problems are added to the caller's list so that one answer names every bad parameter.
 *
 * @param to exclusive
 */
public record RequestedPeriod(Instant from, Instant to, ZoneId zone) {

    public static final ZoneId UTC = ZoneId.of("UTC");

    /** The IANA zone named by {@code tz}, UTC when absent. */
    public static ZoneId zone(String tz, List<FieldViolation> violations) {
        if (tz == null || tz.isBlank()) {
            return UTC;
        }
        try {
            return ZoneId.of(tz);
        } catch (DateTimeException e) {
            violations.add(new FieldViolation("tz", "unknown time zone; use an IANA id such as Europe/London"));
            return UTC;
        }
    }

    /**
     * @param required whether both ends must be given; when not, a missing end is open (null)
     * @return the period, or null when a violation was recorded
     */
    public static RequestedPeriod parse(String from, String to, ZoneId zone, boolean required, Duration maxLength,
            String maxLengthInWords, List<FieldViolation> violations) {
        int before = violations.size();
        Instant start = instant("from", from, zone, false, required, violations);
        Instant end = instant("to", to, zone, true, required, violations);
        if (start != null && end != null) {
            if (!start.isBefore(end)) {
                violations.add(new FieldViolation("to", "must be after from"));
            } else if (Duration.between(start, end).compareTo(maxLength) > 0) {
                violations.add(new FieldViolation("to", "the range may span at most " + maxLengthInWords));
            }
        }
        return violations.size() > before ? null : new RequestedPeriod(start, end, zone);
    }

    private static Instant instant(String field, String value, ZoneId zone, boolean endOfRange, boolean required,
            List<FieldViolation> violations) {
        if (value == null || value.isBlank()) {
            if (required) {
                violations.add(new FieldViolation(field, "is required (a date such as 2026-11-27 or an ISO date-time)"));
            }
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
}
