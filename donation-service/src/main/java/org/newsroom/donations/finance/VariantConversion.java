package org.newsroom.donations.finance;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.bson.Document;
import org.newsroom.donations.contribution.ContributionLedger;
import org.newsroom.donations.contribution.ContributionStatus;
import org.newsroom.donations.epic.EpicViews;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.aggregation.Aggregation;
import org.springframework.data.mongodb.core.aggregation.ConditionalOperators;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.stereotype.Component;

/**
 * How each variant of the appeal converts, over whole UTC days: readers who saw it, checkouts started from it,
 * contributions collected and the money they brought, per currency (amounts are never added across currencies).
 */
@Component
class VariantConversion {

    record Row(String variant, long views, long checkouts, long collected, Map<String, Long> collectedMinorUnits,
            Double conversionRate) {
    }

    private final MongoTemplate mongo;
    private final EpicViews views;

    VariantConversion(MongoTemplate mongo, EpicViews views) {
        this.mongo = mongo;
        this.views = views;
    }

    List<Row> between(LocalDate from, LocalDate to) {
        Criteria created = Criteria.where("createdAt").gte(from.atStartOfDay(ZoneOffset.UTC).toInstant())
                .lt(to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        List<String> collectedStatuses = ContributionStatus.collectedNames();
        Aggregation perVariantAndCurrency = Aggregation.newAggregation(Aggregation.match(created),
                Aggregation.group("variant", "amount.currency").count().as("checkouts")
                        .sum(ConditionalOperators.when(Criteria.where("status").in(collectedStatuses)).then(1).otherwise(0))
                        .as("collected")
                        .sum(ConditionalOperators.when(Criteria.where("status").in(collectedStatuses))
                                .thenValueOf("amount.minorUnits").otherwise(0)).as("minorUnits"));
        Map<String, long[]> counts = new HashMap<>();
        Map<String, Map<String, Long>> money = new HashMap<>();
        for (Document group : mongo.aggregate(perVariantAndCurrency, ContributionLedger.CONTRIBUTIONS, Document.class)) {
            Document id = group.get("_id", Document.class);
            String variant = id.getString("variant") == null ? "(none)" : id.getString("variant");
            long[] c = counts.computeIfAbsent(variant, v -> new long[2]);
            c[0] += ((Number) group.get("checkouts")).longValue();
            c[1] += ((Number) group.get("collected")).longValue();
            long minor = ((Number) group.get("minorUnits")).longValue();
            if (minor > 0) {
                money.computeIfAbsent(variant, v -> new TreeMap<>()).merge(id.getString("currency"), minor, Long::sum);
            }
        }
        Map<String, Long> seen = views.byVariant(from, to);
        List<Row> rows = new ArrayList<>();
        TreeSet<String> variants = new TreeSet<>(counts.keySet());
        variants.addAll(seen.keySet());
        for (String variant : variants) {
            long[] c = counts.getOrDefault(variant, new long[2]);
            long viewed = seen.getOrDefault(variant, 0L);
            rows.add(new Row(variant, viewed, c[0], c[1], money.getOrDefault(variant, Map.of()),
                    viewed == 0 ? null : (double) c[1] / viewed));
        }
        return rows;
    }
}
