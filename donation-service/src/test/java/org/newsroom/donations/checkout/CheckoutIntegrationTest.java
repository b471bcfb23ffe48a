package org.newsroom.donations.checkout;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.newsroom.donations.contribution.ContributionLedger;
import org.newsroom.platform.testing.InMemoryMongo;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The checkout API on real HTTP, with stripe-java talking to a WireMock Stripe and the ledger in MongoDB. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class CheckoutIntegrationTest {

    private static final WireMockServer stripe = started();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        InMemoryMongo.register(registry, "donations-checkout");
        registry.add("donations.stripe.api-base", stripe::baseUrl);
        registry.add("donations.stripe.read-timeout", () -> "2s");
    }

    @AfterAll
    static void stopStripe() {
        stripe.stop();
    }

    @BeforeEach
    void stripeCreatesSessions() {
        stripe.resetAll();
        stripe.stubFor(post(urlEqualTo("/v1/checkout/sessions")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"cs_test_a1\",\"object\":\"checkout.session\","
                        + "\"url\":\"https://checkout.stripe.com/c/pay/cs_test_a1\"}")));
    }

    private record Reply(int status, JsonNode body, HttpResponse<String> raw) {
    }

    private Reply checkout(String idempotencyKey, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/donations/checkouts"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body().isBlank() ? null : json.readTree(response.body()),
                response);
    }

    private static String body(String amount, String currency, String frequency) {
        return """
                {"amount":%s,"currency":"%s","frequency":"%s","email":"reader@example.org",
                 "returnUrl":"http://localhost:8080/article/syria","context":{"pageUrl":"http://localhost:8080/article/syria",
                 "variant":"control","country":"us"}}
                """.formatted(amount, currency, frequency);
    }

    private static Map<String, String> form(LoggedRequest request) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : request.getBodyAsString().split("&")) {
            String[] kv = pair.split("=", 2);
            fields.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return fields;
    }

    private long contributions() {
        return mongo.getCollection(ContributionLedger.CONTRIBUTIONS).countDocuments();
    }

    @Test
    void aOneDollarOneOffContributionCreatesAPaymentSessionAndAPendingContribution() throws Exception {
        String key = UUID.randomUUID().toString();

        Reply reply = checkout(key, body("100", "usd", "one_off"));

        assertThat(reply.status()).isEqualTo(201);
        String contributionId = reply.body().path("contributionId").asString();
        assertThat(reply.body().path("checkoutUrl").asString()).isEqualTo("https://checkout.stripe.com/c/pay/cs_test_a1");
        assertThat(reply.body().size()).as("only the id and the URL").isEqualTo(2);
        assertThat(reply.raw().headers().firstValue("Server-Timing")).hasValueSatisfying(
                timing -> assertThat(timing).matches("app;dur=\\d+\\.\\d;desc=\"service without Stripe\", stripe;dur=\\d+\\.\\d"));
        LoggedRequest sent = stripe.findAll(postRequestedFor(urlEqualTo("/v1/checkout/sessions"))).getFirst();
        assertThat(sent.getHeader("Idempotency-Key")).isEqualTo("checkout-" + key);
        assertThat(form(sent))
                .containsEntry("mode", "payment")
                .containsEntry("client_reference_id", contributionId)
                .containsEntry("metadata[contribution_id]", contributionId)
                .containsEntry("payment_intent_data[metadata][contribution_id]", contributionId)
                .containsEntry("line_items[0][quantity]", "1")
                .containsEntry("line_items[0][price_data][currency]", "usd")
                .containsEntry("line_items[0][price_data][unit_amount]", "100")
                .containsEntry("customer_email", "reader@example.org")
                .containsEntry("success_url", "http://localhost:8080/article/syria?contribution=success")
                .containsEntry("cancel_url", "http://localhost:8080/article/syria?contribution=cancelled")
                .doesNotContainKey("line_items[0][price_data][recurring][interval]");
        Document stored = mongo.getCollection(ContributionLedger.CONTRIBUTIONS).find(new Document("_id", contributionId)).first();
        assertThat(stored.getString("status")).isEqualTo("PENDING");
        assertThat(stored.get("amount", Document.class).get("minorUnits", Number.class).longValue()).isEqualTo(100);
        assertThat(stored.get("stripe", Document.class).getString("checkoutSessionId")).isEqualTo("cs_test_a1");
        assertThat(stored.getString("country")).isEqualTo("US");
    }

    @Test
    void monthlyAndAnnualContributionsCreateSubscriptionsWithARecurringPrice() throws Exception {
        checkout(UUID.randomUUID().toString(), body("500", "GBP", "monthly"));
        checkout(UUID.randomUUID().toString(), body("5000", "EUR", "annual"));

        List<LoggedRequest> sent = stripe.findAll(postRequestedFor(urlEqualTo("/v1/checkout/sessions")));
        assertThat(form(sent.get(0))).containsEntry("mode", "subscription")
                .containsEntry("line_items[0][price_data][currency]", "gbp")
                .containsEntry("line_items[0][price_data][recurring][interval]", "month")
                .containsKey("subscription_data[metadata][contribution_id]")
                .doesNotContainKey("payment_intent_data[metadata][contribution_id]");
        assertThat(form(sent.get(1))).containsEntry("line_items[0][price_data][recurring][interval]", "year");
    }

    @Test
    void theSameKeyAndBodyReturnTheSameCheckoutWithoutCreatingAnything() throws Exception {
        String key = UUID.randomUUID().toString();
        Reply first = checkout(key, body("300", "USD", "one_off"));
        long stored = contributions();

        Reply again = checkout(key, body("300", "USD", "one_off"));

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(contributions()).isEqualTo(stored);
        stripe.verify(1, postRequestedFor(urlEqualTo("/v1/checkout/sessions")));
    }

    @Test
    void theSameKeyWithADifferentBodyIs422AndCreatesNothing() throws Exception {
        String key = UUID.randomUUID().toString();
        checkout(key, body("300", "USD", "one_off"));
        long stored = contributions();

        Reply reused = checkout(key, body("30000", "USD", "one_off"));

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.raw().headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(contributions()).isEqualTo(stored);
        stripe.verify(1, postRequestedFor(urlEqualTo("/v1/checkout/sessions")));
    }

    @Test
    void badInputIsA400NamingTheFieldAndNothingIsStoredNorSentToStripe() throws Exception {
        long stored = contributions();
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("amount", body("99", "USD", "one_off"));
        cases.put("amount ", body("1000001", "USD", "one_off"));
        cases.put("amount  ", body("199", "USD", "monthly"));
        cases.put("amount   ", body("1.5", "USD", "one_off"));
        cases.put("currency", body("100", "JPY", "one_off"));
        cases.put("frequency", body("100", "USD", "weekly"));
        cases.put("returnUrl", body("100", "USD", "one_off").replace("http://localhost:8080/article", "https://evil.example/x"));
        cases.put("email", body("100", "USD", "one_off").replace("reader@example.org", "not-an-email"));
        cases.put("body", body("100", "USD", "one_off").replace("\"control\"", "\"" + "x".repeat(9_000) + "\""));
        for (Map.Entry<String, String> bad : cases.entrySet()) {
            Reply reply = checkout(UUID.randomUUID().toString(), bad.getValue());
            assertThat(reply.status()).as(bad.getKey()).isEqualTo(400);
            List<String> fields = new ArrayList<>();
            reply.body().path("errors").forEach(error -> fields.add(error.path("field").asString()));
            assertThat(fields).as(reply.raw().body()).contains(bad.getKey().trim());
        }
        Reply noKey = checkout(null, body("100", "USD", "one_off"));
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(noKey.raw().body()).contains("Idempotency-Key");

        assertThat(contributions()).isEqualTo(stored);
        stripe.verify(0, postRequestedFor(urlEqualTo("/v1/checkout/sessions")));
    }

    @Test
    void whenStripesAnswerComesTooLateTheSameKeyIsSentAgainAndTheReaderGetsTheSession() throws Exception {
        // Stripe may have created the session before its answer was lost: only the same key may ask again.
        String session = "{\"id\":\"cs_test_late\",\"object\":\"checkout.session\","
                + "\"url\":\"https://checkout.stripe.com/c/pay/cs_test_late\"}";
        stripe.stubFor(post(urlEqualTo("/v1/checkout/sessions")).inScenario("late answer")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("answered")
                .willReturn(aResponse().withFixedDelay(3_000).withHeader("Content-Type", "application/json").withBody(session)));
        stripe.stubFor(post(urlEqualTo("/v1/checkout/sessions")).inScenario("late answer")
                .whenScenarioStateIs("answered")
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withHeader("Idempotent-Replayed", "true")
                        .withBody(session)));
        String key = UUID.randomUUID().toString();

        Reply reply = checkout(key, body("100", "USD", "one_off"));

        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(201);
        assertThat(reply.body().path("checkoutUrl").asString()).endsWith("cs_test_late");
        List<LoggedRequest> sent = stripe.findAll(postRequestedFor(urlEqualTo("/v1/checkout/sessions")));
        assertThat(sent).hasSize(2);
        assertThat(sent).allSatisfy(request -> assertThat(request.getHeader("Idempotency-Key")).isEqualTo("checkout-" + key));
    }

    @Test
    void whenStripeFailsTheReaderGets503WithRetryAfterAndTheContributionStaysPending() throws Exception {
        stripe.stubFor(post(urlEqualTo("/v1/checkout/sessions")).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"type\":\"api_error\",\"message\":\"Something went wrong\"}}")));
        String key = UUID.randomUUID().toString();

        Reply reply = checkout(key, body("100", "USD", "one_off"));

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.raw().headers().firstValue("Retry-After")).hasValue("30");
        assertThat(reply.raw().body()).doesNotContain("Something went wrong", "stripe.com", "127.0.0.1");
        // stripe-java retried with the same idempotency key: a retry can never create a second session.
        stripe.verify(postRequestedFor(urlEqualTo("/v1/checkout/sessions")).withHeader("Idempotency-Key",
                equalTo("checkout-" + key)));
        Document pending = mongo.getCollection(ContributionLedger.CONTRIBUTIONS)
                .find(new Document("status", new Document("$ne", "PENDING"))).first();
        assertThat(pending).isNull();

        stripeCreatesSessions(); // Stripe recovers; the reader's retry reuses the same attempt
        Reply retried = checkout(key, body("100", "USD", "one_off"));
        assertThat(retried.status()).isEqualTo(201);
        stripe.verify(postRequestedFor(urlEqualTo("/v1/checkout/sessions"))
                .withRequestBody(containing("client_reference_id=" + retried.body().path("contributionId").asString())));
    }

    private static WireMockServer started() {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        return server;
    }
}
