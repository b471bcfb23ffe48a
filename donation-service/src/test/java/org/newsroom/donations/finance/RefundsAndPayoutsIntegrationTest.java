package org.newsroom.donations.finance;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.client.WireMock;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.newsroom.donations.contribution.ContributionLedger;
import tools.jackson.databind.JsonNode;

/** Refunds through Stripe's API (WireMock as Stripe), their audit log, and payout reconciliation. */
class RefundsAndPayoutsIntegrationTest extends FinanceTestSupport {

    private static final String REFUNDS = "/api/donations/finance/refunds";

    private void stripeRefundsSucceed() {
        stripe.stubFor(WireMock.post(urlPathEqualTo("/v1/refunds")).willReturn(aResponse().withHeader("Content-Type",
                "application/json").withBody("""
                {"id":"re_1","object":"refund","amount":400,"status":"succeeded","currency":"usd"}""")));
    }

    @Test
    void aPartialRefundGoesToStripeOnceWithItsKeyAndIsAudited() throws Exception {
        stripeRefundsSucceed();
        String id = store(entry("PAID", 1000, "USD", "ONE_OFF", Instant.now()).paid(Instant.now(), 59, "ch_r1"));
        String body = "{\"contributionId\":\"%s\",\"amount\":400,\"reason\":\"requested_by_customer\",\"note\":\"asked by email\"}"
                .formatted(id);

        Reply first = post(REFUNDS, financeAdminToken(), "key-1", body);
        Reply retry = post(REFUNDS, financeAdminToken(), "key-1", body);

        assertThat(first.status()).isEqualTo(202);
        assertThat(first.json().path("refundId").asString()).isEqualTo("re_1");
        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.json().path("refundId").asString()).isEqualTo("re_1");
        stripe.verify(1, postRequestedFor(urlPathEqualTo("/v1/refunds"))
                .withHeader("Idempotency-Key", equalTo("refund-key-1"))
                .withRequestBody(containing("payment_intent=pi_" + id))
                .withRequestBody(containing("amount=400"))
                .withRequestBody(containing("reason=requested_by_customer"))
                .withRequestBody(containing("metadata[contribution_id]=" + id).or(
                        containing("metadata%5Bcontribution_id%5D=" + id))));
        // The ledger waits for Stripe's charge.refunded webhook.
        Document contribution = mongo.findById(id, Document.class, ContributionLedger.CONTRIBUTIONS);
        assertThat(contribution.getString("status")).isEqualTo("PAID");
        assertThat(contribution.get("refundedMinorUnits")).isNull();

        JsonNode audit = get(REFUNDS, financeToken()).json();
        assertThat(audit.size()).isEqualTo(1);
        assertThat(audit.get(0).path("requestedBy").asString()).isEqualTo("adam");
        assertThat(audit.get(0).path("status").asString()).isEqualTo("SUBMITTED");
        assertThat(audit.get(0).path("amount").asLong()).isEqualTo(400);
        assertThat(audit.get(0).path("note").asString()).isEqualTo("asked by email");

        Reply otherBody = post(REFUNDS, financeAdminToken(), "key-1", body.replace("400", "300"));
        assertThat(otherBody.status()).isEqualTo(422);
    }

    @Test
    void refundingMoreThanRemainsIsRefusedWithoutCallingStripe() throws Exception {
        stripeRefundsSucceed();
        String id = store(entry("PARTIALLY_REFUNDED", 1000, "USD", "ONE_OFF", Instant.now())
                .paid(Instant.now(), 59, "ch_r2").refunded(800, Instant.now()));
        String pending = store(entry("PENDING", 1000, "USD", "ONE_OFF", Instant.now()));

        Reply tooMuch = post(REFUNDS, financeAdminToken(), "key-2",
                "{\"contributionId\":\"%s\",\"amount\":300,\"reason\":\"duplicate\"}".formatted(id));
        Reply notPaid = post(REFUNDS, financeAdminToken(), "key-3",
                "{\"contributionId\":\"%s\",\"reason\":\"duplicate\"}".formatted(pending));

        assertThat(tooMuch.status()).isEqualTo(409);
        assertThat(tooMuch.json().path("detail").asString()).contains("200", "remain");
        assertThat(notPaid.status()).isEqualTo(409);
        stripe.verify(0, postRequestedFor(urlPathEqualTo("/v1/refunds")));
        assertThat(mongo.findById("key-2", Document.class, Refunds.AUDIT).getString("status")).isEqualTo("REFUSED");
    }

    @Test
    void badRefundRequestsAre400sAndStoreNothing() throws Exception {
        String id = store(entry("PAID", 1000, "USD", "ONE_OFF", Instant.now()).paid(Instant.now(), 59, "ch_r3"));

        Reply noReason = post(REFUNDS, financeAdminToken(), "key-4", "{\"contributionId\":\"%s\"}".formatted(id));
        Reply noKey = post(REFUNDS, financeAdminToken(), null,
                "{\"contributionId\":\"%s\",\"reason\":\"duplicate\"}".formatted(id));
        Reply negative = post(REFUNDS, financeAdminToken(), "key-5",
                "{\"contributionId\":\"%s\",\"amount\":-5,\"reason\":\"duplicate\"}".formatted(id));
        Reply unknown = post(REFUNDS, financeAdminToken(), "key-6",
                "{\"contributionId\":\"ctb_nobody\",\"reason\":\"duplicate\"}");

        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.json().path("errors").get(0).path("field").asString()).isEqualTo("reason");
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(negative.status()).isEqualTo(400);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(mongo.getCollection(Refunds.AUDIT).countDocuments()).isZero();
        stripe.verify(0, postRequestedFor(urlPathEqualTo("/v1/refunds")));
    }

    @Test
    void stripeFailingGivesA503AndARetryWithTheSameKeyCompletesIt() throws Exception {
        stripe.stubFor(WireMock.post(urlPathEqualTo("/v1/refunds")).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}")));
        String id = store(entry("PAID", 1000, "USD", "ONE_OFF", Instant.now()).paid(Instant.now(), 59, "ch_r4"));
        String body = "{\"contributionId\":\"%s\",\"reason\":\"requested_by_customer\"}".formatted(id);

        Reply failed = post(REFUNDS, financeAdminToken(), "key-7", body);
        assertThat(failed.status()).isEqualTo(503);
        assertThat(failed.raw().headers().firstValue("Retry-After")).isPresent();

        stripe.resetAll();
        stripeRefundsSucceed();
        Reply retried = post(REFUNDS, financeAdminToken(), "key-7", body);
        assertThat(retried.status()).isEqualTo(202);
        stripe.verify(1, postRequestedFor(urlPathEqualTo("/v1/refunds")).withRequestBody(containing("amount=1000"))
                .withHeader("Idempotency-Key", equalTo("refund-key-7")));
    }

    @Test
    void aPayoutIsReconciledLineByLineAndItsMismatchesAreNamed() throws Exception {
        long t0 = Instant.parse("2026-11-20T10:00:00Z").getEpochSecond();
        String m1 = store(entry("PAID", 1000, "USD", "ONE_OFF", Instant.ofEpochSecond(t0)).paid(Instant.ofEpochSecond(t0 + 10), 59, "ch_m1"));
        String m2 = store(entry("PAID", 2000, "USD", "ONE_OFF", Instant.ofEpochSecond(t0)).paid(Instant.ofEpochSecond(t0 + 20), 88, "ch_m2"));
        String m3 = store(entry("REFUNDED", 500, "USD", "ONE_OFF", Instant.ofEpochSecond(t0)).paid(Instant.ofEpochSecond(t0 + 30), 45, "ch_m3")
                .refunded(500, Instant.ofEpochSecond(t0 + 40)));
        String m4 = store(entry("PAID", 700, "USD", "ONE_OFF", Instant.ofEpochSecond(t0)).paid(Instant.ofEpochSecond(t0 + 25), 50, "ch_m4"));
        store(entry("PAID", 900, "USD", "ONE_OFF", Instant.ofEpochSecond(t0)).paid(Instant.ofEpochSecond(t0 + 7200), 50, "ch_later"));
        stripe.stubFor(WireMock.get(urlPathEqualTo("/v1/payouts/po_test")).willReturn(json("""
                {"id":"po_test","object":"payout","amount":3067,"currency":"usd","status":"paid","created":%d,"arrival_date":%d}"""
                .formatted(t0 + 3600, t0 + 86400))));
        stripe.stubFor(WireMock.get(urlPathEqualTo("/v1/balance_transactions")).withQueryParam("payout", equalTo("po_test"))
                .withQueryParam("starting_after", absent()).willReturn(json(page(true, """
                        {"id":"txn_1","object":"balance_transaction","type":"charge","source":"ch_m1","amount":1000,"fee":59,"net":941,"currency":"usd","created":%d},
                        {"id":"txn_2","object":"balance_transaction","type":"charge","source":"ch_m2","amount":2000,"fee":90,"net":1910,"currency":"usd","created":%d},
                        {"id":"txn_5","object":"balance_transaction","type":"charge","source":"ch_unknown","amount":300,"fee":39,"net":261,"currency":"usd","created":%d}"""
                        .formatted(t0 + 10, t0 + 20, t0 + 15)))));
        stripe.stubFor(WireMock.get(urlPathEqualTo("/v1/balance_transactions")).withQueryParam("payout", equalTo("po_test"))
                .withQueryParam("starting_after", equalTo("txn_5")).willReturn(json(page(false, """
                        {"id":"txn_3","object":"balance_transaction","type":"charge","source":"ch_m3","amount":500,"fee":45,"net":455,"currency":"usd","created":%d},
                        {"id":"txn_4","object":"balance_transaction","type":"refund","source":{"id":"re_9","object":"refund","charge":"ch_m3","amount":500},"amount":-500,"fee":0,"net":-500,"currency":"usd","created":%d},
                        {"id":"txn_6","object":"balance_transaction","type":"payout","source":"po_test","amount":-3067,"fee":0,"net":-3067,"currency":"usd","created":%d}"""
                        .formatted(t0 + 30, t0 + 40, t0 + 3600)))));

        Reply reply = get("/api/donations/finance/payouts/po_test/reconciliation", financeToken());

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode report = reply.json();
        assertThat(ids(report.path("matched"), "balanceTransactionId")).containsExactly("txn_1", "txn_3", "txn_4");
        assertThat(ids(report.path("matched"), "contributionId")).containsExactly(m1, m3, m3);
        assertThat(ids(report.path("amountMismatches"), "contributionId")).containsExactly(m2);
        assertThat(report.path("amountMismatches").get(0).path("problem").asString())
                .contains("fee 88 in the ledger, 90 at Stripe", "net 1912 in the ledger, 1910 at Stripe");
        assertThat(ids(report.path("missingInLedger"), "chargeId")).containsExactly("ch_unknown");
        assertThat(ids(report.path("missingInStripe"), "id")).containsExactly(m4);
        JsonNode totals = report.path("totals");
        assertThat(totals.path("payoutAmount").asLong()).isEqualTo(3067);
        assertThat(totals.path("transactionsNet").asLong()).isEqualTo(3067);
        assertThat(totals.path("unexplained").asLong()).isZero();
        assertThat(totals.path("missingInLedgerNet").asLong()).isEqualTo(261);
        assertThat(totals.path("missingInStripeGross").asLong()).isEqualTo(700);
    }

    @Test
    void recentPayoutsAreListedAndAnUnknownPayoutIs404() throws Exception {
        stripe.stubFor(WireMock.get(urlPathEqualTo("/v1/payouts")).willReturn(json("""
                {"object":"list","url":"/v1/payouts","has_more":false,"data":[
                 {"id":"po_a","object":"payout","amount":5000,"currency":"usd","status":"paid","created":1795000000,"arrival_date":1795086400}]}""")));
        stripe.stubFor(WireMock.get(urlPathEqualTo("/v1/payouts/po_missing")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"error":{"type":"invalid_request_error","code":"resource_missing","message":"No such payout: 'po_missing'"}}""")));

        JsonNode payouts = get("/api/donations/finance/payouts", financeToken()).json();
        assertThat(payouts.get(0).path("id").asString()).isEqualTo("po_a");
        assertThat(payouts.get(0).path("currency").asString()).isEqualTo("USD");
        assertThat(get("/api/donations/finance/payouts/po_missing/reconciliation", financeToken()).status()).isEqualTo(404);
        assertThat(get("/api/donations/finance/payouts/not-a-payout/reconciliation", financeToken()).status()).isEqualTo(400);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withHeader("Content-Type", "application/json").withBody(body);
    }

    private static String page(boolean hasMore, String items) {
        return "{\"object\":\"list\",\"url\":\"/v1/balance_transactions\",\"has_more\":" + hasMore + ",\"data\":["
                + items + "]}";
    }

    private static List<String> ids(JsonNode lines, String field) {
        List<String> ids = new ArrayList<>();
        lines.forEach(line -> ids.add(line.path(field).asString()));
        return ids;
    }
}
