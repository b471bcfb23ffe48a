package org.newsroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.newsroom.localstack.LocalStack;
import tools.jackson.databind.JsonNode;

/**
 * A reader gives $1 as a person would on the local stack: checkout through the gateway, the emulator's hosted page,
 * test card 4242…, Stripe's signed webhook, and the paid contribution (with fee and net) and its event on Kafka.
 */
class DonationThroughStripeEmulatorTest {

    private static final HttpClient http = Reader.http;

    private static LocalStack stack;

    @BeforeAll
    static void startSuite() throws Exception {
        stack = SharedStack.get();
    }

    private static JsonNode startCheckout(long amount) throws Exception {
        return Reader.startCheckout(stack, amount, "reader@example.org");
    }

    private static HttpResponse<String> pay(String checkoutUrl, String card) throws Exception {
        return Reader.pay(checkoutUrl, card);
    }

    private static Document awaitStatus(String contributionId, String status) throws InterruptedException {
        return DonationsLedger.awaitStatus(stack, contributionId, status, Duration.ofSeconds(30));
    }

    @Test
    void aReaderGivesOneDollarWithTheTestCardAndFinanceSeesItPaidWithFeeAndNet() throws Exception {
        JsonNode checkout = startCheckout(100);
        String contributionId = checkout.path("contributionId").asString();
        String checkoutUrl = checkout.path("checkoutUrl").asString();

        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(checkoutUrl)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("USD 1.00").contains("Card number");

        HttpResponse<String> paid = pay(checkoutUrl, "4242 4242 4242 4242");
        assertThat(paid.statusCode()).isEqualTo(303);
        assertThat(paid.headers().firstValue("Location")).hasValue(stack.settings().gatewayUrl()
                + "/article/syria?contribution=success");

        Document contribution = awaitStatus(contributionId, "PAID");
        assertThat(contribution.getString("status")).isEqualTo("PAID");
        Document settlement = contribution.get("settlement", Document.class);
        assertThat(settlement.get("feeMinorUnits", Number.class).longValue()).isEqualTo(33); // 2.9 % + 30 cents
        assertThat(settlement.get("netMinorUnits", Number.class).longValue()).isEqualTo(67);

        List<String> events = ContributionEvents.of(stack, contributionId, Duration.ofSeconds(20));
        assertThat(events).hasSize(1);
        assertThat(events.getFirst()).contains("\"type\":\"PAID\"", "\"amountMinorUnits\":100");
    }

    @Test
    void aDeclinedCardLeavesNothingPaid() throws Exception {
        JsonNode checkout = startCheckout(500);
        String contributionId = checkout.path("contributionId").asString();

        HttpResponse<String> declined = pay(checkout.path("checkoutUrl").asString(), "4000 0000 0000 0002");

        assertThat(declined.statusCode()).isEqualTo(402);
        assertThat(declined.body()).contains("Your card was declined.");
        assertThat(awaitStatus(contributionId, "FAILED").getString("status")).isEqualTo("FAILED");
    }
}
