package org.newsroom.donations.finance;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.newsroom.donations.contribution.ContributionLedger;
import org.newsroom.platform.testing.InMemoryMongo;
import org.newsroom.platform.testing.TestIdentityProvider;
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

/**
 * One running donation-service for the finance tests (shared Spring context): the Mongo wire server, an embedded
 * Kafka broker, WireMock as Stripe and a test identity provider whose tokens the service verifies for real.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "donations.ticker.refresh-interval=200ms", "donations.ticker.currency=USD",
        "donations.ticker.goal-units=1000", "donations.ticker.starts=2026-01-01T00:00:00Z",
        "donations.ticker.ends=2027-01-01T00:00:00Z"})
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
abstract class FinanceTestSupport {

    static final TestIdentityProvider identity = new TestIdentityProvider();
    static final WireMockServer stripe = startedStripe();
    static final HttpClient http = HttpClient.newHttpClient();
    static final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        InMemoryMongo.register(registry, "donations-finance");
        registry.add("donations.stripe.api-base", stripe::baseUrl);
        identity.register(registry);
    }

    private static WireMockServer startedStripe() {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        return server;
    }

    @BeforeEach
    void emptyLedger() {
        mongo.dropCollection(ContributionLedger.CONTRIBUTIONS);
        mongo.dropCollection(Refunds.AUDIT);
        stripe.resetAll();
    }

    String financeToken() {
        return identity.token("fiona", List.of("FINANCE"));
    }

    String financeAdminToken() {
        return identity.token("adam", List.of("FINANCE", "FINANCE_ADMIN"));
    }

    record Reply(int status, String contentType, String body, HttpResponse<String> raw) {
        JsonNode json() {
            return FinanceTestSupport.json.readTree(body);
        }
    }

    Reply get(String pathAndQuery, String token, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
                .header("Accept", accept).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return reply(request.build());
    }

    Reply get(String pathAndQuery, String token) throws Exception {
        return get(pathAndQuery, token, "application/json");
    }

    Reply post(String path, String token, String idempotencyKey, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return reply(request.build());
    }

    private static Reply reply(HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body(), response);
    }

    /** A ledger entry as the webhook side writes it; fields not given stay absent. */
    static final class Entry {
        final Document document = new Document();

        Entry(String id, String status, long amount, String currency, String frequency, Instant createdAt) {
            document.append("_id", id).append("version", 1L).append("status", status)
                    .append("amount", new Document("minorUnits", amount).append("currency", currency))
                    .append("frequency", frequency).append("email", "reader+" + id + "@example.org")
                    .append("country", "US").append("variant", "control").append("pageUrl", "https://news.example/a")
                    .append("stripe", new Document("paymentIntentId", "pi_" + id)).append("createdAt", Date.from(createdAt));
        }

        Entry paid(Instant at, long fee, String chargeId) {
            document.append("paidAt", Date.from(at)).append("settlement", new Document("feeMinorUnits", fee)
                    .append("netMinorUnits", document.get("amount", Document.class).getLong("minorUnits") - fee)
                    .append("currency", document.get("amount", Document.class).getString("currency")));
            document.get("stripe", Document.class).append("chargeId", chargeId);
            return this;
        }

        Entry refunded(long amount, Instant at) {
            document.append("refundedMinorUnits", amount).append("refundedAt", Date.from(at));
            return this;
        }

        Entry disputed(Instant at, Instant dueBy) {
            document.append("disputedAt", Date.from(at)).append("dispute", new Document("id", "dp_" + document.get("_id"))
                    .append("amount", document.get("amount", Document.class).getLong("minorUnits"))
                    .append("currency", document.get("amount", Document.class).getString("currency"))
                    .append("reason", "fraudulent").append("evidenceDueBy", Date.from(dueBy)).append("status", "open"));
            return this;
        }

        Entry with(String field, Object value) {
            document.append(field, value);
            return this;
        }
    }

    Entry entry(String status, long amount, String currency, String frequency, Instant createdAt) {
        return new Entry("ctb_" + UUID.randomUUID().toString().substring(0, 12), status, amount, currency, frequency,
                createdAt);
    }

    String store(Entry entry) {
        mongo.insert(entry.document, ContributionLedger.CONTRIBUTIONS);
        return entry.document.getString("_id");
    }
}
