package org.newsroom.donations.finance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.newsroom.platform.testing.TestIdentityProvider;
import tools.jackson.databind.JsonNode;

/** Finance's reads: who may see them, the filters and pages, the export, the totals, the disputes. */
class FinanceApiIntegrationTest extends FinanceTestSupport {

    private static Instant at(String iso) {
        return Instant.parse(iso);
    }

    /** A hand-computed ledger of mixed currencies, refunds and disputes; expected sums are in the tests. */
    private Map<String, String> handComputedLedger() {
        return Map.of(
                "A", store(entry("PAID", 1000, "USD", "ONE_OFF", at("2026-11-01T09:59:00Z"))
                        .paid(at("2026-11-01T10:00:00Z"), 59, "ch_A")),
                "B", store(entry("PARTIALLY_REFUNDED", 500, "USD", "MONTHLY", at("2026-11-01T11:59:00Z"))
                        .paid(at("2026-11-01T12:00:00Z"), 45, "ch_B").refunded(200, at("2026-11-02T09:00:00Z"))),
                "C", store(entry("REFUNDED", 2000, "GBP", "ONE_OFF", at("2026-11-02T07:59:00Z"))
                        .paid(at("2026-11-02T08:00:00Z"), 88, "ch_C").refunded(2000, at("2026-11-03T10:00:00Z"))),
                "D", store(entry("DISPUTED", 3000, "USD", "ANNUAL", at("2026-11-02T23:29:00Z"))
                        .paid(at("2026-11-02T23:30:00Z"), 117, "ch_D")
                        .disputed(at("2026-11-03T05:00:00Z"), at("2026-11-20T23:59:59Z"))),
                "E", store(entry("PENDING", 700, "USD", "ONE_OFF", at("2026-11-02T12:00:00Z"))),
                "F", store(entry("FAILED", 900, "USD", "ONE_OFF", at("2026-11-02T13:00:00Z"))),
                "G", store(entry("DISPUTE_LOST", 1500, "EUR", "ONE_OFF", at("2026-11-03T14:59:00Z"))
                        .paid(at("2026-11-03T15:00:00Z"), 74, "ch_G")
                        .disputed(at("2026-11-03T16:00:00Z"), at("2026-11-10T23:59:59Z"))),
                "H", store(entry("PAID", 100, "USD", "ONE_OFF", at("2026-10-31T23:58:00Z"))
                        .paid(at("2026-10-31T23:59:00Z"), 33, "ch_H")));
    }

    @Test
    void financeDataNeedsAValidTokenWithAFinanceRole() throws Exception {
        String adOps = identity.token("olga", List.of("AD_OPS"));
        String forged = TestIdentityProvider.forgedToken("mallory", List.of("FINANCE", "FINANCE_ADMIN"));
        for (String path : List.of("/api/donations/finance/contributions", "/api/donations/finance/totals?from=2026-11-01&to=2026-11-02",
                "/api/donations/finance/disputes", "/api/donations/finance/payouts", "/api/donations/finance/refunds")) {
            Reply anonymous = get(path, null);
            assertThat(anonymous.status()).as(path).isEqualTo(401);
            assertThat(anonymous.contentType()).startsWith("application/problem+json");
            assertThat(anonymous.raw().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    value -> assertThat(value).startsWith("Bearer"));
            assertThat(get(path, forged).status()).as("forged token on " + path).isEqualTo(401);
            assertThat(get(path, adOps).status()).as("AD_OPS on " + path).isEqualTo(403);
        }
        assertThat(get("/api/donations/finance/contributions", financeToken()).status()).isEqualTo(200);

        String refund = "{\"contributionId\":\"ctb_x\",\"reason\":\"duplicate\"}";
        assertThat(post("/api/donations/finance/refunds", null, "k1", refund).status()).isEqualTo(401);
        assertThat(post("/api/donations/finance/refunds", financeToken(), "k1", refund).status()).isEqualTo(403);
        assertThat(post("/api/donations/finance/refunds", financeAdminToken(), "k1", refund).status()).isEqualTo(404);
        assertThat(mongo.getCollection(Refunds.AUDIT).countDocuments()).isZero();
    }

    @Test
    void totalsPerDayAndCurrencyMatchTheHandComputedLedger() throws Exception {
        handComputedLedger();

        JsonNode totals = get("/api/donations/finance/totals?from=2026-11-01&to=2026-11-03", financeToken()).json();

        assertThat(row(totals.path("days"), "2026-11-01", "USD")).isEqualTo(
                "count=2 gross=1500 fees=104 net=1396 refunds=0/0 disputes=0/0 oneOff=1/1000 recurring=1/500");
        assertThat(row(totals.path("days"), "2026-11-02", "USD")).isEqualTo(
                "count=1 gross=3000 fees=117 net=2883 refunds=1/200 disputes=0/0 oneOff=0/0 recurring=1/3000");
        assertThat(row(totals.path("days"), "2026-11-02", "GBP")).isEqualTo(
                "count=1 gross=2000 fees=88 net=1912 refunds=0/0 disputes=0/0 oneOff=1/2000 recurring=0/0");
        assertThat(row(totals.path("days"), "2026-11-03", "GBP")).isEqualTo(
                "count=0 gross=0 fees=0 net=0 refunds=1/2000 disputes=0/0 oneOff=0/0 recurring=0/0");
        assertThat(row(totals.path("days"), "2026-11-03", "USD")).isEqualTo(
                "count=0 gross=0 fees=0 net=0 refunds=0/0 disputes=1/3000 oneOff=0/0 recurring=0/0");
        assertThat(row(totals.path("days"), "2026-11-03", "EUR")).isEqualTo(
                "count=1 gross=1500 fees=74 net=1426 refunds=0/0 disputes=1/1500 oneOff=1/1500 recurring=0/0");
        assertThat(totals.path("days").size()).isEqualTo(6);

        assertThat(row(totals.path("total"), null, "USD")).isEqualTo(
                "count=3 gross=4500 fees=221 net=4279 refunds=1/200 disputes=1/3000 oneOff=1/1000 recurring=2/3500");
        assertThat(row(totals.path("total"), null, "GBP")).isEqualTo(
                "count=1 gross=2000 fees=88 net=1912 refunds=1/2000 disputes=0/0 oneOff=1/2000 recurring=0/0");
        assertThat(row(totals.path("total"), null, "EUR")).isEqualTo(
                "count=1 gross=1500 fees=74 net=1426 refunds=0/0 disputes=1/1500 oneOff=1/1500 recurring=0/0");
    }

    @Test
    void aPaymentAt2330UtcCountsOnTheReadersLocalDay() throws Exception {
        handComputedLedger();

        JsonNode utc = get("/api/donations/finance/totals?from=2026-11-01&to=2026-11-03", financeToken()).json();
        JsonNode berlin = get("/api/donations/finance/totals?from=2026-11-01&to=2026-11-03&tz=Europe/Berlin",
                financeToken()).json();

        // D, paid 2026-11-02T23:30Z, is 00:30 on 3 November in Berlin; H, paid 31 October 23:59Z, is 1 November there.
        assertThat(row(utc.path("days"), "2026-11-02", "USD")).startsWith("count=1 gross=3000");
        assertThat(row(berlin.path("days"), "2026-11-02", "USD")).startsWith("count=0 gross=0");
        assertThat(row(berlin.path("days"), "2026-11-03", "USD")).startsWith("count=1 gross=3000");
        assertThat(row(berlin.path("days"), "2026-11-01", "USD")).startsWith("count=3 gross=1600");
        assertThat(berlin.path("timeZone").asString()).isEqualTo("Europe/Berlin");
    }

    @Test
    void pagesFollowTheCursorWithoutRepeatsWhileNewContributionsArrive() throws Exception {
        Map<String, String> ledger = handComputedLedger();
        List<String> seen = new ArrayList<>();

        JsonNode first = get("/api/donations/finance/contributions?limit=3", financeToken()).json();
        first.path("items").forEach(item -> seen.add(item.path("id").asString()));
        store(entry("PAID", 5000, "USD", "ONE_OFF", Instant.now()).paid(Instant.now(), 100, "ch_new"));
        String cursor = first.path("nextCursor").asString();
        while (cursor != null && !cursor.isEmpty()) {
            JsonNode page = get("/api/donations/finance/contributions?limit=3&cursor=" + cursor, financeToken()).json();
            page.path("items").forEach(item -> seen.add(item.path("id").asString()));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asString();
        }

        assertThat(seen).containsExactly(ledger.get("G"), ledger.get("D"), ledger.get("F"), ledger.get("E"),
                ledger.get("C"), ledger.get("B"), ledger.get("A"), ledger.get("H"));
        JsonNode first3 = first.path("items").get(0);
        assertThat(first3.path("email").asString()).startsWith("reader+");
        assertThat(first3.path("amountDecimal").asString()).isEqualTo("15.00");
    }

    @Test
    void filtersNarrowTheListAndAmountsSortIt() throws Exception {
        Map<String, String> ledger = handComputedLedger();

        assertThat(ids("status=paid,partially_refunded&currency=usd")).containsExactlyInAnyOrder(ledger.get("A"),
                ledger.get("B"), ledger.get("H"));
        assertThat(ids("minAmount=500&maxAmount=1000&sort=amount")).containsExactly(ledger.get("B"), ledger.get("E"),
                ledger.get("F"), ledger.get("A"));
        assertThat(ids("frequency=monthly,annual")).containsExactlyInAnyOrder(ledger.get("B"), ledger.get("D"));
        assertThat(ids("from=2026-11-02&to=2026-11-02")).containsExactlyInAnyOrder(ledger.get("C"), ledger.get("D"),
                ledger.get("E"), ledger.get("F"));
        assertThat(ids("email=reader%2B" + ledger.get("A") + "@example.org")).containsExactly(ledger.get("A"));
        assertThat(ids("email=READER%2B" + ledger.get("A").toUpperCase() + "@EXAMPLE.ORG")).containsExactly(ledger.get("A"));
        assertThat(ids("email=reader@example.org")).isEmpty();
        assertThat(ids("country=gb")).isEmpty();
        assertThat(ids("variant=control&currency=EUR")).containsExactly(ledger.get("G"));
    }

    @Test
    void theCsvExportHasDecimalAmountsUtcTimesAndNoFormulas() throws Exception {
        Map<String, String> ledger = handComputedLedger();
        store(entry("PAID", 1234, "GBP", "ONE_OFF", at("2026-11-05T10:00:00Z")).paid(at("2026-11-05T10:00:01Z"), 56, "ch_X")
                .with("variant", "=HYPERLINK(\"http://evil.example\",\"x\")").with("country", "GB"));

        Reply csv = get("/api/donations/finance/contributions?currency=GBP&sort=date", financeToken(), "text/csv");

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.raw().headers().firstValue("Content-Disposition")).hasValueSatisfying(
                value -> assertThat(value).contains("attachment", ".csv"));
        String[] lines = csv.body().split("\r\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).isEqualTo(LedgerCsv.HEADER);
        assertThat(lines[1]).startsWith(ledger.get("C") + ",2026-11-02T07:59:00Z,2026-11-02T08:00:00Z,refunded,one_off,GBP,20.00,GBP,0.88,19.12,20.00,2026-11-03T10:00:00Z,,US,control,");
        assertThat(lines[2]).contains(",12.34,GBP,0.56,11.78,0.00,", ",GB,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",");
    }

    @Test
    void openDisputesAreListedByEvidenceDeadline() throws Exception {
        Map<String, String> ledger = handComputedLedger();

        JsonNode open = get("/api/donations/finance/disputes", financeToken()).json();
        JsonNode all = get("/api/donations/finance/disputes?status=all", financeToken()).json();

        assertThat(open.size()).isEqualTo(1);
        assertThat(open.get(0).path("contributionId").asString()).isEqualTo(ledger.get("D"));
        assertThat(open.get(0).path("amount").asLong()).isEqualTo(3000);
        assertThat(open.get(0).path("evidenceDueBy").asString()).isEqualTo("2026-11-20T23:59:59Z");
        assertThat(all.size()).isEqualTo(2);
        assertThat(all.get(0).path("contributionId").asString()).isEqualTo(ledger.get("G"));
    }

    @Test
    void malformedQueriesAre400sNamingTheParameter() throws Exception {
        Map<String, String> expectations = Map.of(
                "status=lost", "status",
                "from=2026-11-03&to=2026-11-01", "to",
                "from=2020-01-01&to=2026-01-02", "to",
                "limit=501", "limit",
                "cursor=bm90LWEtY3Vyc29y", "cursor",
                "colour=red", "colour",
                "minAmount=1.5", "minAmount",
                "currency=XYZ", "currency",
                "tz=Mars/Olympus", "tz",
                "sort=name", "sort");
        for (var expectation : expectations.entrySet()) {
            Reply reply = get("/api/donations/finance/contributions?" + expectation.getKey(), financeToken());
            assertThat(reply.status()).as(expectation.getKey()).isEqualTo(400);
            assertThat(reply.contentType()).startsWith("application/problem+json");
            assertThat(reply.json().path("errors").get(0).path("field").asString()).as(expectation.getKey())
                    .isEqualTo(expectation.getValue());
        }
        Reply csv = get("/api/donations/finance/contributions?status=lost", financeToken(), "text/csv");
        assertThat(csv.status()).isEqualTo(400);
        assertThat(get("/api/donations/finance/totals?from=2026-11-01", financeToken()).status()).isEqualTo(400);
        assertThat(get("/api/donations/finance/disputes?status=closed", financeToken()).status()).isEqualTo(400);
    }

    private List<String> ids(String query) throws Exception {
        Reply reply = get("/api/donations/finance/contributions?" + query, financeToken());
        assertThat(reply.status()).as(query + ": " + reply.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        reply.json().path("items").forEach(item -> ids.add(item.path("id").asString()));
        return ids;
    }

    /** One totals row in a compact form, or zeros when the ledger has nothing for that day and currency. */
    private static String row(JsonNode rows, String date, String currency) {
        for (JsonNode row : rows) {
            boolean sameDate = date == null ? row.path("date").isNull() : date.equals(row.path("date").asString());
            if (sameDate && currency.equals(row.path("currency").asString())) {
                return "count=%d gross=%d fees=%d net=%d refunds=%d/%d disputes=%d/%d oneOff=%d/%d recurring=%d/%d"
                        .formatted(row.path("count").asLong(), row.path("gross").asLong(), row.path("fees").asLong(),
                                row.path("net").asLong(), row.path("refundCount").asLong(), row.path("refunds").asLong(),
                                row.path("disputeCount").asLong(), row.path("disputes").asLong(),
                                row.path("oneOff").path("count").asLong(), row.path("oneOff").path("gross").asLong(),
                                row.path("recurring").path("count").asLong(), row.path("recurring").path("gross").asLong());
            }
        }
        return "count=0 gross=0 fees=0 net=0 refunds=0/0 disputes=0/0 oneOff=0/0 recurring=0/0";
    }
}
