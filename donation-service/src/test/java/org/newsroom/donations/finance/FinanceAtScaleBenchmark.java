package org.newsroom.donations.finance;

import java.io.Writer;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.newsroom.donations.contribution.ContributionLedger;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Finance's queries against a ledger of 1,000,000 contributions on the embedded MongoDB wire server (mongo-java-server,
 * memory backend, which scans instead of using the declared indexes; real MongoDB uses them). Not a test: run it with
 * {@code donation-service/bench/run-finance-benchmark}; it prints the median of five timed runs after one warm-up.
 */
public final class FinanceAtScaleBenchmark {

    private static final int CONTRIBUTIONS = Integer.getInteger("contributions", 1_000_000);
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final String[] CURRENCIES = {"USD", "USD", "USD", "USD", "USD", "GBP", "GBP", "EUR", "EUR", "AUD"};
    private static final String[] COUNTRIES = {"US", "US", "GB", "GB", "DE", "FR", "AU", "CA", "NZ", "IE"};

    public static void main(String[] args) throws Exception {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        InetSocketAddress address = server.getLocalAddress();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
            MongoTemplate mongo = new MongoTemplate(client, "donations");
            new ContributionLedger(mongo, id -> { }); // declares the indexes, as the service does
            long started = System.nanoTime();
            generate(mongo);
            System.out.printf("Generated %,d contributions in %.1f s%n", CONTRIBUTIONS, (System.nanoTime() - started) / 1e9);

            LedgerTotals totals = new LedgerTotals(mongo);
            ContributionSearch search = new ContributionSearch(mongo);
            String from = NOW.minus(90, ChronoUnit.DAYS).toString().substring(0, 10);
            String to = NOW.toString().substring(0, 10);
            List<String[]> rows = new ArrayList<>();
            rows.add(time("Totals, 90 days, all currencies (UTC days)",
                    () -> totals.of(LedgerTotals.parse(query("from", from, "to", to))).days().size() + " day/currency rows"));
            rows.add(time("Totals, 90 days, Europe/London days, USD only",
                    () -> totals.of(LedgerTotals.parse(query("from", from, "to", to, "tz", "Europe/London",
                            "currency", "USD"))).days().size() + " rows"));
            rows.add(time("First page (50), status=paid, currency=GBP, newest first",
                    () -> search.page(ContributionSearch.parse(query("status", "paid", "currency", "GBP")))
                            .items().size() + " items"));
            rows.add(time("First page (50), 90 days, amount >= 5000, by amount",
                    () -> search.page(ContributionSearch.parse(query("from", from, "to", to, "minAmount", "5000",
                            "sort", "-amount"))).items().size() + " items"));
            rows.add(time("Exact email search",
                    () -> search.page(ContributionSearch.parse(query("email", "reader123456@example.org")))
                            .items().size() + " items"));
            rows.add(time("CSV export, 90 days, GBP (rows streamed)", () -> {
                try (Stream<LedgerRow> all = search.all(ContributionSearch.parse(query("from", from, "to", to,
                        "currency", "GBP")))) {
                    return LedgerCsv.write(all.iterator(), Writer.nullWriter()) + " rows";
                }
            }));
            System.out.println();
            System.out.println("| Query | Median of 5 | Result |");
            System.out.println("|---|---|---|");
            rows.forEach(row -> System.out.println("| " + String.join(" | ", row) + " |"));
        } finally {
            server.shutdownNow();
        }
    }

    private static void generate(MongoTemplate mongo) {
        SplittableRandom random = new SplittableRandom(42);
        List<Document> batch = new ArrayList<>(10_000);
        for (int i = 0; i < CONTRIBUTIONS; i++) {
            Instant created = NOW.minusSeconds(random.nextLong(365L * 86_400));
            String currency = CURRENCIES[random.nextInt(CURRENCIES.length)];
            int kind = random.nextInt(100);
            String frequency = kind < 70 ? "ONE_OFF" : kind < 95 ? "MONTHLY" : "ANNUAL";
            long amount = 100 + random.nextLong(20_000);
            int fate = random.nextInt(100);
            String status = fate < 85 ? "PAID" : fate < 88 ? "PARTIALLY_REFUNDED" : fate < 90 ? "REFUNDED"
                    : fate < 91 ? "DISPUTED" : fate < 96 ? "PENDING" : "FAILED";
            Document contribution = new Document("_id", "ctb_bench_" + i).append("version", 1L).append("status", status)
                    .append("amount", new Document("minorUnits", amount).append("currency", currency))
                    .append("frequency", frequency).append("email", "reader" + i + "@example.org")
                    .append("country", COUNTRIES[random.nextInt(COUNTRIES.length)])
                    .append("variant", random.nextBoolean() ? "control" : "v1").append("pageUrl", "https://news.example/a")
                    .append("createdAt", Date.from(created))
                    .append("stripe", new Document("paymentIntentId", "pi_bench_" + i).append("chargeId", "ch_bench_" + i));
            if (fate < 91) {
                long fee = (amount * 29 + 500) / 1000 + 30;
                contribution.append("paidAt", Date.from(created.plusSeconds(30))).append("settlement",
                        new Document("feeMinorUnits", fee).append("netMinorUnits", amount - fee).append("currency", currency));
            }
            if (status.equals("PARTIALLY_REFUNDED") || status.equals("REFUNDED")) {
                contribution.append("refundedMinorUnits", status.equals("REFUNDED") ? amount : amount / 2)
                        .append("refundedAt", Date.from(created.plusSeconds(86_400)));
            }
            if (status.equals("DISPUTED")) {
                contribution.append("disputedAt", Date.from(created.plusSeconds(3 * 86_400)));
            }
            batch.add(contribution);
            if (batch.size() == 10_000) {
                mongo.getCollection(ContributionLedger.CONTRIBUTIONS).insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            mongo.getCollection(ContributionLedger.CONTRIBUTIONS).insertMany(batch);
        }
    }

    private static String[] time(String what, Callable<String> query) throws Exception {
        query.call();
        long[] millis = new long[5];
        String result = null;
        for (int i = 0; i < millis.length; i++) {
            long started = System.nanoTime();
            result = query.call();
            millis[i] = (System.nanoTime() - started) / 1_000_000;
        }
        Arrays.sort(millis);
        System.out.printf("%s: %d ms (%s)%n", what, millis[2], result);
        return new String[] {what, millis[2] + " ms", result};
    }

    private static MultiValueMap<String, String> query(String... pairs) {
        MultiValueMap<String, String> query = new LinkedMultiValueMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            query.add(pairs[i], pairs[i + 1]);
        }
        return query;
    }
}
