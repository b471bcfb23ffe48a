package org.newsroom.donations.finance;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.newsroom.donations.contribution.ContributionStatus;
import org.newsroom.donations.contribution.Frequency;
import org.newsroom.platform.web.FieldViolation;
import org.newsroom.platform.web.InvalidRequestException;
import org.newsroom.platform.web.RequestedPeriod;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.util.MultiValueMap;

/**
 * What finance asked to see, validated: every parameter is known, every value parses, ranges are the right way round
 * and at most five years long. Lists (status, currency, frequency, country) are comma-separated.
 *
 * @param period on the contribution's creation time; either end may be open
 */
record ContributionFilter(RequestedPeriod period, List<ContributionStatus> statuses, List<String> currencies,
        List<Frequency> frequencies, List<String> countries, Long minAmount, Long maxAmount, String variant,
        String email) {

    static final Duration MAX_RANGE = Duration.ofDays(5 * 366);

    static final Set<String> PARAMETERS = Set.of("from", "to", "tz", "status", "currency", "frequency", "country",
            "minAmount", "maxAmount", "variant", "email");

    /**
     * @param extra further parameters the caller understands itself (paging, sorting)
     */
    static ContributionFilter parse(MultiValueMap<String, String> query, Set<String> extra,
            List<FieldViolation> violations) {
        for (String name : query.keySet()) {
            if (!PARAMETERS.contains(name) && !extra.contains(name)) {
                violations.add(new FieldViolation(name, "unknown parameter"));
            } else if (query.get(name).size() > 1) {
                violations.add(new FieldViolation(name, "given more than once; use a comma-separated list"));
            }
        }
        Map<String, String> single = query.toSingleValueMap();
        ZoneId zone = RequestedPeriod.zone(single.get("tz"), violations);
        RequestedPeriod period = RequestedPeriod.parse(single.get("from"), single.get("to"), zone, false, MAX_RANGE,
                "5 years", violations);
        List<ContributionStatus> statuses = choices("status", single.get("status"), ContributionStatus.class,
                violations);
        List<Frequency> frequencies = choices("frequency", single.get("frequency"), Frequency.class, violations);
        List<String> currencies = new ArrayList<>();
        for (String code : list(single.get("currency"))) {
            try {
                currencies.add(Currency.getInstance(code.toUpperCase(Locale.ROOT)).getCurrencyCode());
            } catch (IllegalArgumentException unknown) {
                violations.add(new FieldViolation("currency", "'" + code + "' is not an ISO 4217 currency code"));
            }
        }
        List<String> countries = new ArrayList<>();
        for (String code : list(single.get("country"))) {
            if (!code.matches("[A-Za-z]{2}")) {
                violations.add(new FieldViolation("country", "'" + code + "' is not a two-letter country code"));
            }
            countries.add(code.toUpperCase(Locale.ROOT));
        }
        Long min = amount("minAmount", single.get("minAmount"), violations);
        Long max = amount("maxAmount", single.get("maxAmount"), violations);
        if (min != null && max != null && min > max) {
            violations.add(new FieldViolation("maxAmount", "must not be below minAmount"));
        }
        String email = single.get("email");
        if (email != null && (email.length() > 254 || !email.matches("[^@\\s]+@[^@\\s]+"))) {
            violations.add(new FieldViolation("email", "must be a whole email address (exact match)"));
        }
        return new ContributionFilter(period, statuses, currencies, frequencies, countries, min, max,
                blankToNull(single.get("variant")), blankToNull(email));
    }

    /** Throws the collected violations, if any. */
    static void requireValid(List<FieldViolation> violations) {
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
    }

    /** The ledger documents this filter selects, on the given time field. */
    Criteria criteria(String timeField) {
        List<Criteria> all = new ArrayList<>();
        if (period != null && period.from() != null) {
            all.add(Criteria.where(timeField).gte(period.from()));
        }
        if (period != null && period.to() != null) {
            all.add(Criteria.where(timeField).lt(period.to()));
        }
        if (!statuses.isEmpty()) {
            all.add(Criteria.where("status").in(statuses.stream().map(Enum::name).toList()));
        }
        if (!currencies.isEmpty()) {
            all.add(Criteria.where("amount.currency").in(currencies));
        }
        if (!frequencies.isEmpty()) {
            all.add(Criteria.where("frequency").in(frequencies.stream().map(Enum::name).toList()));
        }
        if (!countries.isEmpty()) {
            all.add(Criteria.where("country").in(countries));
        }
        if (minAmount != null) {
            all.add(Criteria.where("amount.minorUnits").gte(minAmount));
        }
        if (maxAmount != null) {
            all.add(Criteria.where("amount.minorUnits").lte(maxAmount));
        }
        if (variant != null) {
            all.add(Criteria.where("variant").is(variant));
        }
        if (email != null) {
            // Stored as the reader typed it; finance types it in any case.
            all.add(Criteria.where("email").in(List.of(email, email.toLowerCase(Locale.ROOT)).stream().distinct().toList()));
        }
        return all.isEmpty() ? new Criteria() : new Criteria().andOperator(all);
    }

    ZoneId zone() {
        return period == null ? RequestedPeriod.UTC : period.zone();
    }

    static List<String> list(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return List.of(value.split(",")).stream().map(String::trim).filter(item -> !item.isEmpty()).toList();
    }

    static <E extends Enum<E>> List<E> choices(String field, String value, Class<E> type,
            List<FieldViolation> violations) {
        List<E> chosen = new ArrayList<>();
        for (String item : list(value)) {
            try {
                chosen.add(Enum.valueOf(type, item.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException unknown) {
                List<String> allowed = new ArrayList<>();
                for (E constant : type.getEnumConstants()) {
                    allowed.add(constant.name().toLowerCase(Locale.ROOT));
                }
                violations.add(new FieldViolation(field, "'" + item + "' is not one of " + allowed));
            }
        }
        return chosen;
    }

    private static Long amount(String field, String value, List<FieldViolation> violations) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long amount = Long.parseLong(value);
            if (amount < 0) {
                violations.add(new FieldViolation(field, "must not be negative"));
            }
            return amount;
        } catch (NumberFormatException notAnInteger) {
            violations.add(new FieldViolation(field, "must be a whole number of minor units (cents), e.g. 500"));
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
