package org.newsroom.donations.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.stripe.net.Webhook;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.newsroom.donations.contribution.Contribution;
import org.newsroom.donations.contribution.ContributionLedger;
import org.newsroom.donations.contribution.Frequency;
import org.newsroom.donations.contribution.Money;
import org.newsroom.donations.outbox.OutboxRelay;
import org.newsroom.donations.subscription.Subscriptions;
import org.newsroom.events.Topics;
import org.newsroom.events.donations.ContributionEvent;
import org.newsroom.platform.testing.InMemoryMongo;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Stripe's webhooks, signed as Stripe signs them, applied to the ledger, and the resulting events on Kafka. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "donations.outbox.interval=200ms")
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@AutoConfigureTracing
class StripeWebhookIntegrationTest {

    private static final String SECRET = "whsec_test_current";
    private static final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    EmbeddedKafkaBroker broker;

    private static final WireMockServer stripe = startedStripe();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        InMemoryMongo.register(registry, "donations-webhooks");
        registry.add("donations.stripe.api-base", stripe::baseUrl);
    }

    @AfterAll
    static void stopStripe() {
        stripe.stop();
    }

    /** Stripe answers every payment intent with a settled charge: $0.59 fee, $9.41 net. */
    private static WireMockServer startedStripe() {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        server.stubFor(get(urlPathMatching("/v1/payment_intents/.*")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("""
                        {"id":"pi_any","object":"payment_intent","latest_charge":{"id":"ch_any","object":"charge",
                         "balance_transaction":{"id":"txn_1","object":"balance_transaction","fee":59,"net":941,
                         "currency":"usd","exchange_rate":null}}}""")));
        return server;
    }

    private String newContribution(long amount) {
        return newContribution(amount, Frequency.ONE_OFF);
    }

    private String newContribution(long amount, Frequency frequency) {
        String id = "ctb_" + UUID.randomUUID();
        mongo.insert(Contribution.pending(id, new Money(amount, "USD"), frequency, "reader@example.org", "US",
                "https://news.example/a", "control", Instant.now()), ContributionLedger.CONTRIBUTIONS);
        return id;
    }

    private static String event(String type, String object) {
        return """
                {"id":"evt_%s","object":"event","api_version":"2026-07-29.dahlia","created":%d,"livemode":false,
                 "pending_webhooks":1,"type":"%s","data":{"object":%s}}""".formatted(UUID.randomUUID().toString()
                .replace("-", ""), Instant.now().getEpochSecond(), type, object);
    }

    private static String session(String contributionId, String paymentStatus, String paymentIntent) {
        return """
                {"id":"cs_%s","object":"checkout.session","mode":"payment","client_reference_id":"%s",
                 "payment_status":"%s","payment_intent":"%s","customer":"cus_1"}""".formatted(contributionId,
                contributionId, paymentStatus, paymentIntent);
    }

    private static String charge(String paymentIntent, long amount, long refunded) {
        return """
                {"id":"ch_%s","object":"charge","amount":%d,"amount_refunded":%d,"payment_intent":"%s","refunded":%b}"""
                .formatted(paymentIntent, amount, refunded, paymentIntent, refunded >= amount);
    }

    private static String signature(String secret, String payload, long timestamp) throws Exception {
        return "t=" + timestamp + ",v1=" + Webhook.Util.computeHmacSha256(secret, timestamp + "." + payload);
    }

    private int deliver(String payload) throws Exception {
        return deliver(payload, signature(SECRET, payload, Instant.now().getEpochSecond()));
    }

    private int deliver(String payload, String signatureHeader) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/donations/stripe/webhooks")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload));
        if (signatureHeader != null) {
            request.header("Stripe-Signature", signatureHeader);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private Document contribution(String id) {
        return mongo.getCollection(ContributionLedger.CONTRIBUTIONS).find(new Document("_id", id)).first();
    }

    private List<String> eventsOnKafkaFor(String contributionId, int expected) {
        return recordsOnKafkaFor(contributionId, expected).stream().map(ConsumerRecord::value).toList();
    }

    private List<ConsumerRecord<String, String>> recordsOnKafkaFor(String contributionId, int expected) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.CONTRIBUTIONS));
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(record -> {
                    if (contributionId.equals(record.key())) {
                        records.add(record);
                    }
                });
            }
            consumer.poll(Duration.ofMillis(1_000)).forEach(record -> {
                if (contributionId.equals(record.key())) {
                    records.add(record);
                }
            });
        }
        return records;
    }

    @Test
    void theEventCarriesTheTraceOfTheWebhookThatCausedItThoughTheOutboxSendsItLater() throws Exception {
        String id = newContribution(1_000);
        String paid = event("checkout.session.completed", session(id, "paid", "pi_" + id));
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        HttpRequest delivery = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/donations/stripe/webhooks")).header("Content-Type", "application/json")
                .header("Stripe-Signature", signature(SECRET, paid, Instant.now().getEpochSecond()))
                .header("traceparent", "00-" + traceId + "-b7ad6b7169203331-01")
                .POST(HttpRequest.BodyPublishers.ofString(paid)).build();

        assertThat(http.send(delivery, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        List<ConsumerRecord<String, String>> records = recordsOnKafkaFor(id, 1);
        assertThat(records).hasSize(1);
        Header traceparent = records.getFirst().headers().lastHeader("traceparent");
        assertThat(traceparent).isNotNull();
        assertThat(new String(traceparent.value(), StandardCharsets.US_ASCII))
                .matches("00-" + traceId + "-[0-9a-f]{16}-01");
    }

    @Test
    void aPaidCheckoutMarksTheContributionPaidOnceAndPublishesOneEvent() throws Exception {
        String id = newContribution(1_000);
        String paid = event("checkout.session.completed", session(id, "paid", "pi_" + id));

        assertThat(deliver(paid)).isEqualTo(200);
        assertThat(deliver(paid)).isEqualTo(200); // Stripe delivers again: nothing changes

        Document stored = contribution(id);
        assertThat(stored.getString("status")).isEqualTo("PAID");
        assertThat(stored.get("stripe", Document.class).getString("paymentIntentId")).isEqualTo("pi_" + id);
        Document settlement = stored.get("settlement", Document.class);
        assertThat(settlement.get("feeMinorUnits", Number.class).longValue()).isEqualTo(59);
        assertThat(settlement.get("netMinorUnits", Number.class).longValue()).isEqualTo(941);
        assertThat(settlement.getString("currency")).isEqualTo("USD");
        stripe.verify(getRequestedFor(urlPathEqualTo("/v1/payment_intents/pi_" + id))
                .withQueryParam("expand[0]", equalTo("latest_charge.balance_transaction")));
        List<String> events = eventsOnKafkaFor(id, 1);
        assertThat(events).hasSize(1);
        assertThat(events.getFirst()).contains("\"type\":\"PAID\"", "\"amountMinorUnits\":1000", "\"currency\":\"USD\"")
                .doesNotContain("reader@example.org");
    }

    @Test
    void badMissingOrOldSignaturesAre400AndStoreNothing() throws Exception {
        String id = newContribution(500);
        String paid = event("checkout.session.completed", session(id, "paid", "pi_" + id));
        long processed = mongo.getCollection(StripeWebhooks.PROCESSED).countDocuments();

        assertThat(deliver(paid, null)).isEqualTo(400);
        assertThat(deliver(paid, signature("whsec_someone_else", paid, Instant.now().getEpochSecond()))).isEqualTo(400);
        assertThat(deliver(paid.replace("\"paid\"", "\"unpaid\""),
                signature(SECRET, paid, Instant.now().getEpochSecond()))).isEqualTo(400);
        // A captured delivery replayed ten minutes later: outside the 5-minute tolerance.
        assertThat(deliver(paid, signature(SECRET, paid, Instant.now().minusSeconds(600).getEpochSecond())))
                .isEqualTo(400);

        assertThat(contribution(id).getString("status")).isEqualTo("PENDING");
        assertThat(mongo.getCollection(StripeWebhooks.PROCESSED).countDocuments()).isEqualTo(processed);
    }

    @Test
    void theRetiringSecretStillVerifiesDuringRotation() throws Exception {
        String id = newContribution(500);
        String paid = event("checkout.session.completed", session(id, "paid", "pi_" + id));

        assertThat(deliver(paid, signature("whsec_test_previous", paid, Instant.now().getEpochSecond()))).isEqualTo(200);
        assertThat(contribution(id).getString("status")).isEqualTo("PAID");
    }

    @Test
    void anUnpaidAsyncCheckoutIsNotPaidUntilStripeSaysSo() throws Exception {
        String settles = newContribution(2_000);
        String bounces = newContribution(2_000);

        deliver(event("checkout.session.completed", session(settles, "unpaid", "pi_" + settles)));
        deliver(event("checkout.session.completed", session(bounces, "unpaid", "pi_" + bounces)));
        assertThat(contribution(settles).getString("status")).isEqualTo("PENDING");

        deliver(event("checkout.session.async_payment_succeeded", session(settles, "paid", "pi_" + settles)));
        deliver(event("checkout.session.async_payment_failed", session(bounces, "unpaid", "pi_" + bounces)));

        assertThat(contribution(settles).getString("status")).isEqualTo("PAID");
        assertThat(contribution(bounces).getString("status")).isEqualTo("FAILED");
    }

    @Test
    void expiryEndsAPendingCheckoutButNeverAPaidOne() throws Exception {
        String abandoned = newContribution(300);
        String paid = newContribution(300);
        deliver(event("checkout.session.completed", session(paid, "paid", "pi_" + paid)));

        deliver(event("checkout.session.expired", session(abandoned, "unpaid", "null")));
        deliver(event("checkout.session.expired", session(paid, "unpaid", "null")));

        assertThat(contribution(abandoned).getString("status")).isEqualTo("EXPIRED");
        assertThat(contribution(paid).getString("status")).isEqualTo("PAID");
    }

    @Test
    void refundsConvergeWhateverTheOrderOfDelivery() throws Exception {
        String id = newContribution(1_000);
        String pi = "pi_" + id;
        String partial = event("charge.refunded", charge(pi, 1_000, 400));
        String full = event("charge.refunded", charge(pi, 1_000, 1_000));

        // The refund's webhook overtakes the payment's: refused so that Stripe delivers it again later.
        assertThat(deliver(partial)).isEqualTo(503);
        assertThat(deliver(event("checkout.session.completed", session(id, "paid", pi)))).isEqualTo(200);
        assertThat(deliver(full)).isEqualTo(200);
        assertThat(deliver(partial)).isEqualTo(200); // the older, smaller total arrives last: ignored

        Document stored = contribution(id);
        assertThat(stored.getString("status")).isEqualTo("REFUNDED");
        assertThat(stored.get("refundedMinorUnits", Number.class).longValue()).isEqualTo(1_000);
    }

    @Test
    void aDisputeFollowsThePaymentAndEndsWonOrLost() throws Exception {
        String id = newContribution(2_500);
        String pi = "pi_" + id;
        String opened = event("charge.dispute.created", dispute(pi, "needs_response"));

        assertThat(deliver(opened)).isEqualTo(503); // before the payment is in the ledger: Stripe retries
        deliver(event("checkout.session.completed", session(id, "paid", pi)));
        assertThat(deliver(opened)).isEqualTo(200);
        assertThat(contribution(id).getString("status")).isEqualTo("DISPUTED");
        assertThat(deliver(event("charge.dispute.closed", dispute(pi, "lost")))).isEqualTo(200);

        assertThat(contribution(id).getString("status")).isEqualTo("DISPUTE_LOST");
    }

    @Test
    void whenStripeCannotGiveTheFeeThePaymentWaitsForTheNextDelivery() throws Exception {
        String id = newContribution(1_000);
        stripe.stubFor(get(urlPathEqualTo("/v1/payment_intents/pi_" + id)).atPriority(1)
                .willReturn(aResponse().withStatus(500).withBody("{\"error\":{\"type\":\"api_error\"}}")));

        assertThat(deliver(event("checkout.session.completed", session(id, "paid", "pi_" + id)))).isEqualTo(503);

        assertThat(contribution(id).getString("status")).isEqualTo("PENDING");
    }

    private static String dispute(String paymentIntent, String status) {
        return """
                {"id":"dp_%s","object":"dispute","amount":2500,"currency":"usd","charge":"ch_1","payment_intent":"%s",
                 "reason":"fraudulent","status":"%s","evidence_details":{"due_by":%d}}""".formatted(paymentIntent,
                paymentIntent, status, Instant.now().plusSeconds(7 * 86_400).getEpochSecond());
    }

    private static String invoice(String invoiceId, String subscriptionId, String billingReason, long amountPaid) {
        return """
                {"id":"%s","object":"invoice","billing_reason":"%s","amount_paid":%d,"currency":"usd",
                 "parent":{"type":"subscription_details","subscription_details":{"subscription":"%s","metadata":{}}},
                 "payments":{"object":"list","data":[{"id":"inpay_%s","object":"invoice_payment","amount_paid":%d,
                   "payment":{"type":"payment_intent","payment_intent":"pi_%s"}}]}}""".formatted(invoiceId,
                billingReason, amountPaid, subscriptionId, invoiceId, amountPaid, invoiceId);
    }

    @Test
    void aMonthlyContributionStartsASubscriptionWhoseRenewalsArePaidContributionsOnce() throws Exception {
        String first = newContribution(500, Frequency.MONTHLY);
        String subscription = "sub_" + UUID.randomUUID().toString().replace("-", "");
        String renewal = "in_" + UUID.randomUUID().toString().replace("-", "");
        String completed = event("checkout.session.completed", """
                {"id":"cs_%s","object":"checkout.session","mode":"subscription","client_reference_id":"%s",
                 "payment_status":"paid","payment_intent":null,"subscription":"%s","customer":"cus_2"}"""
                .formatted(first, first, subscription));

        // A renewal cannot be recorded before the subscription is: Stripe retries it.
        assertThat(deliver(event("invoice.paid", invoice(renewal, subscription, "subscription_cycle", 500))))
                .isEqualTo(503);
        assertThat(deliver(completed)).isEqualTo(200);
        assertThat(deliver(event("invoice.paid", invoice("in_first", subscription, "subscription_create", 500))))
                .isEqualTo(200);
        assertThat(deliver(event("invoice.paid", invoice(renewal, subscription, "subscription_cycle", 500))))
                .isEqualTo(200);
        assertThat(deliver(event("invoice.paid", invoice(renewal, subscription, "subscription_cycle", 500))))
                .isEqualTo(200); // the same invoice told twice: still one renewal

        assertThat(contribution(first).getString("status")).isEqualTo("PAID");
        // The first payment's fee and net arrive with its invoice, not with the checkout.
        assertThat(contribution(first).get("settlement", Document.class).get("feeMinorUnits", Number.class).longValue())
                .isEqualTo(59);
        assertThat(contribution(first).get("stripe", Document.class).getString("invoiceId")).isEqualTo("in_first");
        Document renewed = contribution("ctb_" + renewal);
        assertThat(renewed.getString("status")).isEqualTo("PAID");
        assertThat(renewed.getString("frequency")).isEqualTo("MONTHLY");
        assertThat(renewed.get("stripe", Document.class).getString("subscriptionId")).isEqualTo(subscription);
        assertThat(renewed.get("settlement", Document.class).get("netMinorUnits", Number.class).longValue()).isEqualTo(941);
        assertThat(mongo.getCollection(ContributionLedger.CONTRIBUTIONS)
                .countDocuments(new Document("stripe.subscriptionId", subscription))).isEqualTo(2);

        assertThat(deliver(event("invoice.payment_failed", invoice("in_late", subscription, "subscription_cycle", 0))))
                .isEqualTo(200);
        assertThat(subscriptionStatus(subscription)).isEqualTo("PAST_DUE");
        String deleted = event("customer.subscription.deleted",
                "{\"id\":\"%s\",\"object\":\"subscription\",\"status\":\"canceled\"}".formatted(subscription));
        assertThat(deliver(deleted)).isEqualTo(200);
        assertThat(subscriptionStatus(subscription)).isEqualTo("CANCELED");

        List<String> firstEvents = eventsOnKafkaFor(first, 3);
        assertThat(firstEvents).anySatisfy(e -> assertThat(e).contains("\"type\":\"PAID\""))
                .anySatisfy(e -> assertThat(e).contains("\"type\":\"SUBSCRIPTION_STARTED\""))
                .anySatisfy(e -> assertThat(e).contains("\"type\":\"SUBSCRIPTION_CANCELED\""));
        assertThat(eventsOnKafkaFor("ctb_" + renewal, 1)).hasSize(1);
    }

    private String subscriptionStatus(String subscriptionId) {
        return mongo.getCollection(Subscriptions.SUBSCRIPTIONS).find(new Document("_id", subscriptionId)).first()
                .getString("status");
    }

    @Test
    void otherEventTypesAreAcknowledgedAndIgnored() throws Exception {
        assertThat(deliver(event("customer.created", "{\"id\":\"cus_9\",\"object\":\"customer\"}"))).isEqualTo(200);
    }

    @Test
    void anEventWaitingInTheOutboxSurvivesAKafkaOutageAndIsPublishedOnce() throws Exception {
        String id = newContribution(700);
        Map<String, Object> unreachable = new HashMap<>();
        unreachable.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        unreachable.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 500);
        var downProducer = new DefaultKafkaProducerFactory<String, ContributionEvent>(unreachable, new StringSerializer(),
                new JacksonJsonSerializer<>());
        OutboxRelay relayWithKafkaDown = new OutboxRelay(mongo, new KafkaTemplate<>(downProducer),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        // Park the event: mark paid while only the outage relay runs against this document.
        mongo.getCollection(ContributionLedger.CONTRIBUTIONS).updateOne(new Document("_id", id),
                new Document("$set", new Document("status", "PAID")).append("$push", new Document("outbox",
                        new Document("eventId", "evt_outage:paid").append("type", "PAID")
                                .append("refundedMinorUnits", 0L).append("occurredAt", new java.util.Date()))));

        assertThat(relayWithKafkaDown.relay()).as("nothing is claimed published while Kafka is down").isZero();
        downProducer.destroy();

        // Kafka is back (the application's own relay, on the embedded broker): published exactly once.
        List<String> events = eventsOnKafkaFor(id, 1);
        assertThat(events).hasSize(1);
        assertThat(events.getFirst()).contains("\"eventId\":\"evt_outage:paid\"");
        assertThat(contribution(id).getList("outbox", Document.class)).isEmpty();
    }
}
