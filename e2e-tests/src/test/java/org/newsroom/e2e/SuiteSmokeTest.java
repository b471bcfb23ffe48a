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
import com.mongodb.client.MongoCollection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.newsroom.localstack.LocalStack;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The suite as the local stack runs it (every service in its own JVM), driven from outside. */
class SuiteSmokeTest {

    private static final HttpClient http = Reader.http;
    private static final JsonMapper json = Reader.json;

    private static LocalStack stack;

    @BeforeAll
    static void startSuite() throws Exception {
        stack = SharedStack.get();
    }

    @Test
    void gatewayHealthIsUpAndItServesTheSuitePage() throws Exception {
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json.readTree(health.body()).path("status").asString()).isEqualTo("UP");

        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Newsroom revenue suite");
    }

    @Test
    void gatewayReachesTheAdService() throws Exception {
        assertThat(openApiTitleThroughGateway("/api/ads/openapi")).isEqualTo("Ad service API");
    }

    @Test
    void gatewayReachesTheDonationService() throws Exception {
        assertThat(openApiTitleThroughGateway("/api/donations/openapi")).isEqualTo("Donation service API");
    }

    @Test
    void theDemoArticlePageGetsItsAdsThroughTheGateway() throws Exception {
        String page = """
                {"pageUrl":"https://news.example/world/syria","section":"world","keywords":["syria","isis"],
                 "device":"desktop","country":"US","consent":{"personalised":false},
                 "slots":[{"slot":"banner-top"},{"slot":"inline-1"},{"slot":"inline-2"},{"slot":"right-mpu"}]}
                """;
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(stack.settings().gatewayUrl() + "/api/ads/decisions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(page)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode decisions = json.readTree(response.body()).path("decisions");
        List<JsonNode> filled = new ArrayList<>();
        decisions.forEach(ad -> {
            if (!ad.isNull()) {
                filled.add(ad);
            }
        });
        assertThat(filled).hasSizeGreaterThanOrEqualTo(3);
        String imageUrl = filled.getFirst().path("imageUrl").asString();
        assertThat(imageUrl).startsWith(stack.settings().gatewayUrl() + "/api/ads/assets/");
        HttpResponse<String> image = http.send(HttpRequest.newBuilder(URI.create(imageUrl)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.body()).startsWith("<svg");
        assertThat(filled.getFirst().path("impressionUrl").asString())
                .startsWith(stack.settings().gatewayUrl() + "/api/ads/i?t=");
    }

    @Test
    void unknownApiPathThroughTheGatewayIsAProblemDetail() throws Exception {
        HttpResponse<String> response = get("/api/donations/does-not-exist");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void aRecordProducedOnTheStacksBrokerIsConsumedBack() throws Exception {
        String topic = "e2e-smoke";
        String value = "smoke-" + UUID.randomUUID();
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.settings().kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "key", value)).get();
        }

        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.settings().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-smoke-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> consumed = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!consumed.contains(value) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> consumed.add(record.value()));
            }
        }
        assertThat(consumed).contains(value);
    }

    @Test
    void aDocumentWrittenToTheStacksMongoIsReadBack() {
        try (MongoClient mongo = MongoClients.create(stack.settings().mongoUri("e2e"))) {
            MongoCollection<Document> collection = mongo.getDatabase("e2e").getCollection("smoke");
            String id = UUID.randomUUID().toString();
            collection.insertOne(new Document("_id", id).append("amount", 100L).append("currency", "USD"));

            Document read = collection.find(new Document("_id", id)).first();

            assertThat(read).isNotNull();
            assertThat(read.getLong("amount")).isEqualTo(100L);
            assertThat(read.getString("currency")).isEqualTo("USD");
        }
    }

    private static String openApiTitleThroughGateway(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode document = json.readTree(response.body());
        return document.path("info").path("title").asString();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.settings().gatewayUrl() + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
