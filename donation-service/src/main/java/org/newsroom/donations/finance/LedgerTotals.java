package org.newsroom.donations.finance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.bson.Document;
import org.newsroom.donations.contribution.ContributionLedger;
import org.newsroom.donations.contribution.ContributionStatus;
import org.newsroom.platform.web.FieldViolation;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;

/**
 * What came in, per local day and currency, summed by the database: three aggregations over the ledger (payments by
 * the day they were paid, refunds by the day they were made, disputes by the day they were opened), merged into one
 * row per day and currency, plus a row per currency for the whole range. Fees and net are Stripe's figures from the
 * balance transaction, in the settlement currency ({@code settlementCurrencies} names it when it differs).
 */
@Component
class LedgerTotals {

    record Split(long count, long gross) {
    }

    /** Sums for one day (or the whole range, {@code date} null) and one currency; amounts in minor units. */
    record Row(String date, String currency, long count, long gross, long fees, long net, long refundCount,
            long refunds, long disputeCount, long disputes, Split oneOff, Split recurring,
            List<String> settlementCurrencies) {
    }

    record Totals(String from, String to, String timeZone, List<Row> days, List<Row> total) {
    }

    private final MongoTemplate mongo;

    LedgerTotals(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    static ContributionFilter parse(MultiValueMap<String, String> query) {
        List<FieldViolation> violations = new ArrayList<>();
        ContributionFilter filter = ContributionFilter.parse(query, java.util.Set.of(), violations);
        if (query.getFirst("from") == null || query.getFirst("to") == null) {
            violations.add(new FieldViolation(query.getFirst("from") == null ? "from" : "to",
                    "is required (a date such as 2026-11-27 or an ISO date-time)"));
        }
        ContributionFilter.requireValid(violations);
        return filter;
    }

    Totals of(ContributionFilter filter) {
        String zone = filter.zone().getId();
        Map<String, Cell> cells = new TreeMap<>();
        List<String> collected = ContributionStatus.collectedNames();
        Document payments = match(filter, "paidAt", Criteria.where("status").in(collected));
        for (Document group : aggregate(payments, "paidAt", zone, new Document()
                .append("count", sum(1))
                .append("gross", sum("$amount.minorUnits"))
                .append("fees", sum(new Document("$ifNull", List.of("$settlement.feeMinorUnits", 0))))
                .append("net", sum(new Document("$ifNull", List.of("$settlement.netMinorUnits", 0))))
                .append("oneOffCount", sum(ifOneOff(1)))
                .append("oneOffGross", sum(ifOneOff("$amount.minorUnits")))
                .append("settlementCurrencies", new Document("$addToSet", "$settlement.currency")))) {
            Cell cell = cell(cells, group);
            cell.count += number(group, "count");
            cell.gross += number(group, "gross");
            cell.fees += number(group, "fees");
            cell.net += number(group, "net");
            cell.oneOffCount += number(group, "oneOffCount");
            cell.oneOffGross += number(group, "oneOffGross");
            for (Object currency : group.getList("settlementCurrencies", Object.class, List.of())) {
                if (currency != null && !cell.settlementCurrencies.contains(currency.toString())) {
                    cell.settlementCurrencies.add(currency.toString());
                }
            }
        }
        Document refunds = match(filter, "refundedAt", Criteria.where("refundedMinorUnits").gt(0));
        for (Document group : aggregate(refunds, "refundedAt", zone, new Document("count", sum(1))
                .append("amount", sum("$refundedMinorUnits")))) {
            Cell cell = cell(cells, group);
            cell.refundCount += number(group, "count");
            cell.refunds += number(group, "amount");
        }
        Document disputes = match(filter, "disputedAt", Criteria.where("disputedAt").exists(true));
        for (Document group : aggregate(disputes, "disputedAt", zone, new Document("count", sum(1))
                .append("amount", sum(new Document("$ifNull", List.of("$dispute.amount", "$amount.minorUnits")))))) {
            Cell cell = cell(cells, group);
            cell.disputeCount += number(group, "count");
            cell.disputes += number(group, "amount");
        }
        List<Row> days = new ArrayList<>();
        Map<String, Cell> range = new TreeMap<>();
        cells.forEach((key, cell) -> {
            days.add(cell.row());
            range.computeIfAbsent(cell.currency, currency -> new Cell(null, currency)).add(cell);
        });
        return new Totals(filter.period().from().toString(), filter.period().to().toString(), zone, days,
                range.values().stream().map(Cell::row).toList());
    }

    private static Document match(ContributionFilter filter, String timeField, Criteria extra) {
        return new Criteria().andOperator(filter.criteria(timeField), extra).getCriteriaObject();
    }

    private List<Document> aggregate(Document match, String timeField, String zone, Document sums) {
        Document key = new Document("day", new Document("$dateToString", new Document("format", "%Y-%m-%d")
                .append("date", "$" + timeField).append("timezone", zone)))
                .append("currency", "$amount.currency");
        Document group = new Document("_id", key);
        group.putAll(sums);
        return mongo.getCollection(ContributionLedger.CONTRIBUTIONS)
                .aggregate(List.of(new Document("$match", match), new Document("$group", group)))
                .into(new ArrayList<>());
    }

    private static Document sum(Object expression) {
        return new Document("$sum", expression);
    }

    private static Document ifOneOff(Object value) {
        return new Document("$cond", List.of(new Document("$eq", List.of("$frequency", "ONE_OFF")), value, 0));
    }

    private static long number(Document group, String field) {
        Object value = group.get(field);
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static Cell cell(Map<String, Cell> cells, Document group) {
        Document id = group.get("_id", Document.class);
        String day = id.getString("day");
        String currency = id.getString("currency");
        return cells.computeIfAbsent(day + " " + currency, key -> new Cell(day, currency));
    }

    /** Running sums for one row while the three aggregations are merged. */
    private static final class Cell {
        final String date;
        final String currency;
        long count, gross, fees, net, refundCount, refunds, disputeCount, disputes, oneOffCount, oneOffGross;
        final List<String> settlementCurrencies = new ArrayList<>();

        Cell(String date, String currency) {
            this.date = date;
            this.currency = currency;
        }

        void add(Cell other) {
            count += other.count;
            gross += other.gross;
            fees += other.fees;
            net += other.net;
            refundCount += other.refundCount;
            refunds += other.refunds;
            disputeCount += other.disputeCount;
            disputes += other.disputes;
            oneOffCount += other.oneOffCount;
            oneOffGross += other.oneOffGross;
            other.settlementCurrencies.stream().filter(c -> !settlementCurrencies.contains(c))
                    .forEach(settlementCurrencies::add);
        }

        Row row() {
            return new Row(date, currency, count, gross, fees, net, refundCount, refunds, disputeCount, disputes,
                    new Split(oneOffCount, oneOffGross), new Split(count - oneOffCount, gross - oneOffGross),
                    List.copyOf(settlementCurrencies));
        }
    }
}
