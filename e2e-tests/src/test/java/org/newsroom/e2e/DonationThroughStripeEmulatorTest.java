package org.newsroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
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
        try (MongoClient mongo = MongoClients.create(stack.settings().mongoUri("donations"))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Document contribution = null;
            while (System.nanoTime() < deadline) {
                contribution = mongo.getDatabase("donations").getCollection("contributions")
                        .find(new Document("_id", contributionId)).first();
                if (contribution != null && status.equals(contribution.getString("status"))) {
                    return contribution;
                }
                Thread.sleep(250);
            }
            return contribution;
        }
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

        List<String> events = eventsFor(contributionId);
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

    private static List<String> eventsFor(String contributionId) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.settings().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("donations.contributions.v1"));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    if (contributionId.equals(record.key())) {
                        values.add(record.value());
                    }
                });
            }
            consumer.poll(Duration.ofSeconds(1)).forEach(record -> {
                if (contributionId.equals(record.key())) {
                    values.add(record.value());
                }
            });
        }
        return values;
    }
}
