package org.newsroom.ads.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.junit.jupiter.api.Test;
import org.newsroom.ads.AdApiClient;
import org.newsroom.ads.AdApiClient.Reply;
import org.newsroom.ads.inventory.Money;
import org.newsroom.ads.token.AdTokenCodec;
import org.newsroom.events.Topics;
import org.newsroom.platform.testing.InMemoryMongo;
import org.newsroom.platform.testing.TestIdentityProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Beacons over HTTP into the embedded Kafka broker, counted by the consumer into MongoDB, read back through the
 * report API: a scripted mix of valid, repeated, bot, forged and expired beacons gives exactly the expected numbers.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@DirtiesContext
@AutoConfigureTracing
class TrackingPipelineTest {

    private static final String READER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36";
    private static final String CRAWLER_UA = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    private static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @LocalServerPort
    int port;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    AdTokenCodec tokens;

    @Autowired
    EmbeddedKafkaBroker broker;

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        InMemoryMongo.register(registry, "ads-tracking");
        AdApiClient.IDENTITY.register(registry);
    }

    private AdApiClient api() {
        return new AdApiClient(port);
    }

    /** A fresh advertiser with one campaign (CPM 2.50 USD) and one 300x250 creative on its own slot. */
    private String[] newCampaign(String slot, String goal) {
        api().post("/api/ads/admin/slots", "{\"key\":\"%s\",\"name\":\"s\",\"sizes\":[\"300x250\"]}".formatted(slot));
        String advertiser = api().post("/api/ads/admin/advertisers", "{\"name\":\"Acme\"}").body().path("id").asString();
        Instant now = Instant.now();
        String campaign = api().post("/api/ads/admin/campaigns", """
                {"advertiserId":"%s","name":"c","status":"active","startsAt":"%s","endsAt":"%s","tier":"standard",
                 "weight":1,"cpm":{"minorUnits":250,"currency":"USD"},"pacing":"asap","goal":%s,
                 "targeting":{"slots":["%s"]}}
                """.formatted(advertiser, now.minusSeconds(3600), now.plusSeconds(86_400), goal, slot))
                .body().path("id").asString();
        api().post("/api/ads/admin/creatives", """
                {"campaignId":"%s","size":"300x250","format":"image","imageUrl":"https://cdn.example/a.png",
                 "altText":"a","clickUrl":"https://acme.example/landing?from=news","reviewStatus":"approved"}
                """.formatted(campaign));
        return new String[] {advertiser, campaign};
    }

    private JsonNode decide(String slot) {
        return api().post("/api/ads/decisions", "{\"slots\":[{\"slot\":\"%s\"}]}".formatted(slot))
                .body().path("decisions").path(slot);
    }

    private List<JsonNode> placements(String slot, int count) {
        List<JsonNode> placements = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (placements.size() < count && System.nanoTime() < deadline) {
            JsonNode ad = decide(slot);
            if (!ad.isNull()) {
                placements.add(ad);
            }
        }
        assertThat(placements).hasSize(count);
        return placements;
    }

    private static int beacon(String url, String method, String userAgent) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("User-Agent", userAgent);
            request = method.equals("POST") ? request.POST(HttpRequest.BodyPublishers.noBody()) : request.GET();
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String local(String url) {
        return url.replace("http://localhost:8080", "http://localhost:" + port);
    }

    private JsonNode totals(String advertiser) {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        Reply report = api().get("/api/ads/reports?from=%s&to=%s&granularity=hour&groupBy=campaign&advertiserId=%s"
                .formatted(today, today, advertiser));
        assertThat(report.status()).as(report.raw()).isEqualTo(200);
        return report.body().path("totals");
    }

    private JsonNode awaitImpressions(String advertiser, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode totals = totals(advertiser);
        while (totals.path("impressions").asLong() < expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
            totals = totals(advertiser);
        }
        Thread.sleep(1_500); // anything counted twice would show up by now
        return totals(advertiser);
    }

    @Test
    void anAdvertiserReadsOnlyItsOwnDeliveryAndAdOperationsReadAll() throws Exception {
        String[] ids = newCampaign("trk-scope", "null");
        String other = api().post("/api/ads/admin/advertisers", "{\"name\":\"Other Co\"}").body().path("id").asString();
        for (JsonNode ad : placements("trk-scope", 3)) {
            assertThat(beacon(local(ad.path("impressionUrl").asString()), "POST", READER_UA)).isEqualTo(204);
        }
        awaitImpressions(ids[0], 3);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String report = "/api/ads/reports?from=%s&to=%s".formatted(today, today);
        String owner = AdApiClient.IDENTITY.token("ann", Map.of("roles", List.of("ADVERTISER"), "advertiser_id", ids[0]));
        String stranger = AdApiClient.IDENTITY.token("sam", Map.of("roles", List.of("ADVERTISER"), "advertiser_id", other));

        Reply own = api().as(owner).get(report);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.body().path("totals").path("impressions").asLong()).isEqualTo(3);
        assertThat(own.body().path("rows").toString()).contains(ids[1]);
        Reply theirs = api().as(stranger).get(report);
        assertThat(theirs.status()).isEqualTo(200);
        assertThat(theirs.body().path("totals").path("impressions").asLong()).isZero();
        assertThat(api().as(stranger).get(report + "&advertiserId=" + ids[0]).status())
                .as("guessing another advertiser's id").isEqualTo(403);
        assertThat(api().as(owner).get(report + "&advertiserId=" + ids[0]).status()).isEqualTo(200);
        assertThat(api().get(report + "&advertiserId=" + ids[0]).body().path("totals").path("impressions").asLong())
                .as("ad operations").isEqualTo(3);

        String noAdvertiser = AdApiClient.IDENTITY.token("nia", List.of("ADVERTISER"));
        String finance = AdApiClient.IDENTITY.token("fiona", List.of("FINANCE"));
        String forged = TestIdentityProvider.forgedToken("mallory", List.of("AD_OPS"));
        assertThat(api().as(noAdvertiser).get(report).status()).isEqualTo(403);
        assertThat(api().as(finance).get(report).status()).isEqualTo(403);
        assertThat(api().anonymous().get(report).status()).isEqualTo(401);
        assertThat(api().as(forged).get(report).status()).isEqualTo(401);
        for (String admin : List.of("/api/ads/admin/campaigns", "/api/ads/admin/advertisers", "/api/ads/admin/slots",
                "/api/ads/admin/creatives")) {
            assertThat(api().anonymous().get(admin).status()).as(admin).isEqualTo(401);
            assertThat(api().as(owner).get(admin).status()).as(admin).isEqualTo(403);
            assertThat(api().as(forged).get(admin).status()).as(admin).isEqualTo(401);
            assertThat(api().get(admin).status()).as(admin).isEqualTo(200);
        }
        assertThat(api().anonymous().post("/api/ads/admin/advertisers", "{\"name\":\"Sneaky\"}").status()).isEqualTo(401);
        assertThat(api().anonymous().post("/api/ads/decisions", "{\"slots\":[{\"slot\":\"trk-scope\"}]}").status())
                .as("pages need no login").isEqualTo(200);
    }

    @Test
    void aScriptedMixOfBeaconsGivesExactlyTheExpectedReport() throws Exception {
        String[] ids = newCampaign("trk-mix", "null");
        List<JsonNode> ads = placements("trk-mix", 40);

        for (int i = 0; i < 30; i++) {
            assertThat(beacon(local(ads.get(i).path("impressionUrl").asString()), i % 2 == 0 ? "GET" : "POST", READER_UA))
                    .isEqualTo(204);
        }
        for (int i = 0; i < 10; i++) { // the same renders reported again
            assertThat(beacon(local(ads.get(i).path("impressionUrl").asString()), "POST", READER_UA)).isEqualTo(204);
        }
        for (int i = 30; i < 35; i++) { // a crawler rendering pages
            assertThat(beacon(local(ads.get(i).path("impressionUrl").asString()), "GET", CRAWLER_UA)).isEqualTo(204);
        }
        for (int i = 0; i < 12; i++) {
            assertThat(beacon(local(ads.get(i).path("viewUrl").asString()), "POST", READER_UA)).isEqualTo(204);
        }
        for (int i = 0; i < 4; i++) {
            assertThat(beacon(local(ads.get(i).path("clickUrl").asString()), "GET", READER_UA)).isEqualTo(302);
        }
        assertThat(beacon(local(ads.get(0).path("clickUrl").asString()), "GET", READER_UA)).isEqualTo(302);
        // Forged, expired and missing tokens: rejected, no event.
        String genuine = ads.get(35).path("impressionUrl").asString();
        assertThat(beacon(local(genuine.substring(0, genuine.length() - 3) + "abc"), "GET", READER_UA)).isEqualTo(400);
        String expired = tokens.encode("old-decision", "trk-mix", ids[0], ids[1], "crv", new Money(250, "USD"),
                Instant.now().minus(Duration.ofDays(1)));
        assertThat(beacon("http://localhost:" + port + "/api/ads/i?t=" + expired, "GET", READER_UA)).isEqualTo(400);
        assertThat(beacon("http://localhost:" + port + "/api/ads/i", "GET", READER_UA)).isEqualTo(400);

        JsonNode totals = awaitImpressions(ids[0], 30);

        assertThat(totals.path("impressions").asLong()).isEqualTo(30);
        assertThat(totals.path("invalidImpressions").asLong()).isEqualTo(5);
        assertThat(totals.path("viewableImpressions").asLong()).isEqualTo(12);
        assertThat(totals.path("clicks").asLong()).isEqualTo(4);
        assertThat(totals.path("ctr").asString()).isEqualTo("0.1333");
        assertThat(totals.path("viewabilityRate").asString()).isEqualTo("0.4000");
        // 30 impressions at a CPM of 2.50 USD: 0.075 USD, rounded half-even to 8 cents.
        assertThat(totals.path("spend").get(0).path("minorUnits").asLong()).isEqualTo(8);
        assertThat(totals.path("spend").get(0).path("currency").asString()).isEqualTo("USD");
    }

    @Test
    void stoppingAndRestartingTheConsumerMidwayLosesAndDuplicatesNothing() throws Exception {
        String[] ids = newCampaign("trk-restart", "null");
        List<JsonNode> ads = placements("trk-restart", 20);
        for (int i = 0; i < 10; i++) {
            beacon(local(ads.get(i).path("impressionUrl").asString()), "GET", READER_UA);
        }
        awaitImpressions(ids[0], 10);

        listeners.getListenerContainer(TrackingCounter.LISTENER_ID).stop();
        for (int i = 5; i < 20; i++) { // 5 repeats of counted renders, 10 new ones
            beacon(local(ads.get(i).path("impressionUrl").asString()), "POST", READER_UA);
        }
        Thread.sleep(500);
        assertThat(totals(ids[0]).path("impressions").asLong()).isEqualTo(10);
        listeners.getListenerContainer(TrackingCounter.LISTENER_ID).start();

        assertThat(awaitImpressions(ids[0], 20).path("impressions").asLong()).isEqualTo(20);
    }

    @Test
    void countedImpressionsStopACampaignAtItsLifetimeGoal() throws Exception {
        String[] ids = newCampaign("trk-goal", "{\"lifetimeImpressions\":5}");
        List<JsonNode> ads = placements("trk-goal", 5);
        for (JsonNode ad : ads) {
            beacon(local(ad.path("impressionUrl").asString()), "GET", READER_UA);
        }
        awaitImpressions(ids[0], 5);

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline && !decide("trk-goal").isNull()) {
            Thread.sleep(100);
        }
        assertThat(decide("trk-goal").isNull()).isTrue();
    }

    @Test
    void aClickGoesOnlyToTheRegisteredUrlAndTamperingNeverRedirects() throws Exception {
        newCampaign("trk-click", "null");
        String clickUrl = local(placements("trk-click", 1).getFirst().path("clickUrl").asString());
        HttpResponse<String> click = http.send(HttpRequest.newBuilder(URI.create(clickUrl))
                .header("User-Agent", READER_UA).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(click.statusCode()).isEqualTo(302);
        assertThat(click.headers().firstValue("Location")).hasValue("https://acme.example/landing?from=news");

        String token = URLDecoder.decode(clickUrl.substring(clickUrl.indexOf("t=") + 2), StandardCharsets.US_ASCII);
        String[] parts = token.split("\\.");
        List<String> tampered = List.of(
                parts[0] + "." + parts[1] + "." + parts[2].substring(1),
                parts[0].substring(0, parts[0].length() - 2) + "." + parts[1] + "." + parts[2],
                parts[0] + ".other-key." + parts[2],
                "https://evil.example",
                "");
        for (String bad : tampered) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/api/ads/c?t=" + java.net.URLEncoder.encode(bad, StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("Location")).isEmpty();
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
    }

    @Test
    void theTrackingEventCarriesTheTraceOfTheBeaconThatCausedIt() throws Exception {
        String[] ids = newCampaign("trk-trace", "null");
        JsonNode ad = placements("trk-trace", 1).getFirst();
        String traceId = "5a1b2c3d4e5f60718293a4b5c6d7e8f9";

        HttpRequest render = HttpRequest.newBuilder(URI.create(local(ad.path("impressionUrl").asString())))
                .header("User-Agent", READER_UA).header("traceparent", "00-" + traceId + "-1122334455667788-01")
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        assertThat(http.send(render, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(204);

        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "trace-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        String traceparent = null;
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.AD_TRACKING));
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (traceparent == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(300))) {
                    Header header = record.headers().lastHeader("traceparent");
                    if (ids[1].equals(record.key()) && header != null) {
                        traceparent = new String(header.value(), StandardCharsets.US_ASCII);
                    }
                }
            }
        }
        assertThat(traceparent).isNotNull().matches("00-" + traceId + "-[0-9a-f]{16}-01");
    }

    @Test
    void malformedReportQueriesAre400sNamingTheField() {
        assertThat(fieldsOf(api().get("/api/ads/reports?from=2026-13-01&to=2026-11-02"))).contains("from");
        assertThat(fieldsOf(api().get("/api/ads/reports?from=2026-11-05&to=2026-11-02"))).contains("to");
        assertThat(fieldsOf(api().get("/api/ads/reports?from=2024-01-01&to=2026-11-02"))).contains("to");
        assertThat(fieldsOf(api().get("/api/ads/reports?from=2026-11-01&to=2026-11-02&groupBy=country")))
                .contains("groupBy");
        assertThat(fieldsOf(api().get("/api/ads/reports?from=2026-11-01&to=2026-11-02&granularity=week&tz=Mars/Base")))
                .contains("granularity", "tz");
    }

    private static List<String> fieldsOf(Reply reply) {
        assertThat(reply.status()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        reply.body().path("errors").forEach(error -> fields.add(error.path("field").asString()));
        return fields;
    }
}
