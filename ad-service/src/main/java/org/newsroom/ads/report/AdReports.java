package org.newsroom.ads.report;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.bson.Document;
import org.newsroom.ads.report.AdReport.Counts;
import org.newsroom.ads.report.AdReport.Row;
import org.newsroom.ads.report.AdReport.Spend;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/**
 * Builds advertisers' reports from the hourly aggregates: MongoDB groups the hours of the range by key and hour,
 * then hours are rolled up into the requested periods in the requested time zone.
 */
@Service
class AdReports {

    private static final String HOURLY = "tracking_hourly";

    private final MongoTemplate mongo;

    AdReports(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    private record Cell(Counts counts, Map<String, Long> spendMilliMinor) {
    }

    AdReport build(ReportQuery query) {
        Document match = new Document("hour", new Document("$gte", Date.from(query.firstHour()))
                .append("$lt", Date.from(query.to())));
        if (query.advertiserId() != null) {
            match.append("advertiserId", query.advertiserId());
        }
        Document group = new Document("_id", new Document("key", "$" + query.groupBy().field).append("hour", "$hour")
                .append("currency", "$currency"));
        for (String field : List.of("impressions", "viewables", "clicks", "botImpressions", "botViewables",
                "botClicks", "spendMilliMinor")) {
            group.append(field, new Document("$sum", "$" + field));
        }
        List<Document> pipeline = List.of(new Document("$match", match), new Document("$group", group));

        // period -> key -> cell, both sorted, so rows come out in time then key order
        Map<String, Map<String, Cell>> cells = new TreeMap<>();
        for (Document hour : mongo.getCollection(HOURLY).aggregate(pipeline)) {
            Document id = hour.get("_id", Document.class);
            Instant at = id.getDate("hour").toInstant();
            if (at.isBefore(query.from())) {
                continue; // a range starting mid-hour: that hour belongs to the previous period
            }
            String period = period(at, query);
            Counts counts = new Counts(number(hour, "impressions"), number(hour, "viewables"), number(hour, "clicks"),
                    number(hour, "botImpressions"), number(hour, "botViewables"), number(hour, "botClicks"));
            String currency = id.getString("currency");
            cells.computeIfAbsent(period, p -> new TreeMap<>()).merge(String.valueOf(id.get("key")),
                    new Cell(counts, Map.of(currency, number(hour, "spendMilliMinor"))), AdReports::merge);
        }

        List<Row> rows = new ArrayList<>();
        Counts total = Counts.ZERO;
        Map<String, Long> totalSpend = new TreeMap<>();
        for (Map.Entry<String, Map<String, Cell>> period : cells.entrySet()) {
            for (Map.Entry<String, Cell> entry : period.getValue().entrySet()) {
                Cell cell = entry.getValue();
                cell.spendMilliMinor().forEach((currency, milli) -> {
                    rows.add(Row.of(period.getKey(), entry.getKey(), cell.counts(), Spend.ofMilliMinor(currency, milli)));
                });
                total = total.plus(cell.counts());
                cell.spendMilliMinor().forEach((currency, milli) -> totalSpend.merge(currency, milli, Long::sum));
            }
        }
        List<Spend> spend = totalSpend.entrySet().stream()
                .map(e -> Spend.ofMilliMinor(e.getKey(), e.getValue())).toList();
        return new AdReport(query.from().atZone(query.zone()).toOffsetDateTime().toString(),
                query.to().atZone(query.zone()).toOffsetDateTime().toString(),
                query.granularity().name().toLowerCase(Locale.ROOT), query.groupBy().name().toLowerCase(Locale.ROOT),
                query.zone().getId(), rows,
                new AdReport.Totals(total.impressions(), total.viewableImpressions(), total.clicks(),
                        total.invalidImpressions(), total.invalidViewableImpressions(), total.invalidClicks(),
                        total.ctr(), total.viewabilityRate(), spend));
    }

    private static Cell merge(Cell a, Cell b) {
        Map<String, Long> spend = new TreeMap<>(a.spendMilliMinor());
        b.spendMilliMinor().forEach((currency, milli) -> spend.merge(currency, milli, Long::sum));
        return new Cell(a.counts().plus(b.counts()), spend);
    }

    private static String period(Instant hour, ReportQuery query) {
        ZonedDateTime local = hour.atZone(query.zone());
        ZonedDateTime start = query.granularity() == ReportQuery.Granularity.DAY
                ? local.truncatedTo(ChronoUnit.DAYS) : local.truncatedTo(ChronoUnit.HOURS);
        return start.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private static long number(Document doc, String field) {
        Object value = doc.get(field);
        return value == null ? 0 : ((Number) value).longValue();
    }
}
