package org.newsroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.newsroom.localstack.DemoIdentity;
import org.newsroom.localstack.LocalSecrets;
import org.newsroom.localstack.LocalStack;
import org.newsroom.localstack.StackSettings;
import tools.jackson.databind.JsonNode;

/**
 * Finance's day on the local stack, through the gateway with tokens from the development identity provider: a
 * reader's payment shows up with fee and net, a finance administrator refunds part of it (the ledger follows
 * Stripe's webhook), the payout that sweeps the balance reconciles line by line, and the public ticker moves.
 */
class FinanceBackOfficeThroughTheStackTest {

    private static LocalStack stack;

    @BeforeAll
    static void startSuite() throws Exception {
        stack = SharedStack.get();
    }

    @Test
    void aPaymentIsRefundedInPartReconciledInItsPayoutAndCountedByTheTicker() throws Exception {
        String financeAdmin = DevLogin.signIn(stack, DemoIdentity.FINANCE_ADMIN);
        String financeExports = DevLogin.clientCredentials(stack, DemoIdentity.FINANCE_EXPORTS_CLIENT);
        long raisedBefore = ticker().path("raised").path("minorUnits").asLong();
        String email = "supporter-" + UUID.randomUUID() + "@example.org";

        JsonNode checkout = Reader.startCheckout(stack, 1_000, email);
        String contributionId = checkout.path("contributionId").asString();
        assertThat(Reader.pay(checkout.path("checkoutUrl").asString(), "4242 4242 4242 4242").statusCode())
                .isEqualTo(303);

        JsonNode paid = awaitContribution(financeExports, email, row -> row.path("status").asString().equals("paid"));
        assertThat(paid.path("id").asString()).isEqualTo(contributionId);
        assertThat(paid.path("fee").asLong()).isEqualTo(59); // 2.9 % + 30 cents of $10.00
        assertThat(paid.path("net").asLong()).isEqualTo(941);

        HttpResponse<String> refused = send(financeExports, "POST", "/api/donations/finance/refunds",
                "{\"contributionId\":\"%s\",\"amount\":400,\"reason\":\"requested_by_customer\"}".formatted(contributionId));
        assertThat(refused.statusCode()).as("a FINANCE token may not refund").isEqualTo(403);
        HttpResponse<String> refund = send(financeAdmin, "POST", "/api/donations/finance/refunds",
                "{\"contributionId\":\"%s\",\"amount\":400,\"reason\":\"requested_by_customer\",\"note\":\"e2e\"}"
                        .formatted(contributionId));
        assertThat(refund.statusCode()).as(refund.body()).isEqualTo(202);
        JsonNode refunded = awaitContribution(financeExports, email,
                row -> row.path("status").asString().equals("partially_refunded"));
        assertThat(refunded.path("refunded").asLong()).isEqualTo(400);

        String payoutId = createPayout();
        JsonNode reconciliation = Reader.json.readTree(send(financeExports, "GET",
                "/api/donations/finance/payouts/" + payoutId + "/reconciliation", null).body());
        List<String> matchedForUs = new ArrayList<>();
        reconciliation.path("matched").forEach(line -> {
            if (contributionId.equals(line.path("contributionId").asString())) {
                matchedForUs.add(line.path("type").asString());
            }
        });
        assertThat(matchedForUs).containsExactlyInAnyOrder("charge", "refund");
        assertThat(reconciliation.path("missingInLedger").size()).isZero();
        assertThat(reconciliation.path("amountMismatches").size()).isZero();
        assertThat(reconciliation.path("totals").path("unexplained").asLong()).isZero();

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        JsonNode totals = Reader.json.readTree(send(financeExports, "GET",
                "/api/donations/finance/totals?from=" + today + "&to=" + today + "&currency=USD", null).body());
        assertThat(totals.path("total").get(0).path("gross").asLong()).isGreaterThanOrEqualTo(1_000);
        HttpResponse<String> csv = Reader.http.send(HttpRequest.newBuilder(URI.create(stack.settings().gatewayUrl()
                        + "/api/donations/finance/contributions?email=" + email)).header("Accept", "text/csv")
                .header("Authorization", "Bearer " + financeExports).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(csv.body()).contains(contributionId + ",", ",USD,10.00,USD,0.59,9.41,4.00,");

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        long raised = raisedBefore;
        while (raised != raisedBefore + 600 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            raised = ticker().path("raised").path("minorUnits").asLong();
        }
        assertThat(raised).as("the ticker counts what was kept: $10.00 less the $4.00 refund")
                .isEqualTo(raisedBefore + 600);
    }

    @Test
    void financeDataIsClosedWithoutATokenEvenThroughTheGateway() throws Exception {
        assertThat(send(null, "GET", "/api/donations/finance/contributions", null).statusCode()).isEqualTo(401);
        String advertiser = DevLogin.clientCredentials(stack, DemoIdentity.ADVERTISER_REPORTS_CLIENT);
        assertThat(send(advertiser, "GET", "/api/donations/finance/contributions", null).statusCode()).isEqualTo(403);
    }

    private static JsonNode awaitContribution(String token, String email, Predicate<JsonNode> condition)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode row = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> page = send(token, "GET", "/api/donations/finance/contributions?email=" + email, null);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode items = Reader.json.readTree(page.body()).path("items");
            row = items.isEmpty() ? null : items.get(0);
            if (row != null && condition.test(row)) {
                return row;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("contribution of " + email + " never reached the expected state: " + row);
    }

    /** What Stripe does on the account's payout schedule: pay the available USD balance out. */
    private static String createPayout() throws Exception {
        HttpResponse<String> payout = Reader.http.send(HttpRequest.newBuilder(URI.create(
                        StackSettings.httpUrl(stack.settings().stripeEmulatorPort()) + "/v1/payouts"))
                .header("Authorization", "Bearer " + LocalSecrets.stripeSecretKey(stack.settings().dataDir()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("currency=usd&amount=1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(payout.statusCode()).as(payout.body()).isEqualTo(200);
        return Reader.json.readTree(payout.body()).path("id").asString();
    }

    private static JsonNode ticker() throws Exception {
        return Reader.json.readTree(send(null, "GET", "/api/donations/ticker", null).body());
    }

    private static HttpResponse<String> send(String token, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.settings().gatewayUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if ("POST".equals(method)) {
            request.header("Idempotency-Key", UUID.randomUUID().toString());
        }
        return Reader.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
