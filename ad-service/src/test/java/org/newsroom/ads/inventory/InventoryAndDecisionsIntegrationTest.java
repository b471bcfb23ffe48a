package org.newsroom.ads.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.newsroom.ads.AdApiClient;
import org.newsroom.ads.AdApiClient.Reply;
import org.newsroom.ads.AdServiceApplication;
import org.newsroom.ads.token.AdTokenCodec;
import org.newsroom.platform.testing.InMemoryMongo;
import org.newsroom.platform.testing.TestIdentityProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Ad operations' management API and the pages' decision API on real HTTP, over the MongoDB wire protocol,
 * with a second ad-service instance sharing the database to prove changes reach every instance.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class InventoryAndDecisionsIntegrationTest {

    private static final String DB = "ads-it";
    private static ConfigurableApplicationContext secondInstance;

    @LocalServerPort
    int port;

    @Autowired
    AdTokenCodec adTokens;

    @Autowired
    EmbeddedKafkaBroker broker;

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        InMemoryMongo.register(registry, DB);
        AdApiClient.IDENTITY.register(registry);
    }

    @AfterAll
    static void stopSecondInstance() {
        if (secondInstance != null) {
            secondInstance.close();
        }
    }

    private AdApiClient api() {
        return new AdApiClient(port);
    }

    /** A second ad-service instance on the same MongoDB and Kafka, started once this test's broker exists. */
    private AdApiClient other() {
        synchronized (InventoryAndDecisionsIntegrationTest.class) {
            if (secondInstance == null) {
                secondInstance = new SpringApplicationBuilder(AdServiceApplication.class).run(
                        "--server.port=0",
                        "--spring.mongodb.uri=" + InMemoryMongo.uri(DB),
                        "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                        "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + AdApiClient.IDENTITY.jwkSetUri(),
                        "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestIdentityProvider.ISSUER);
            }
        }
        return new AdApiClient(((WebServerApplicationContext) secondInstance).getWebServer().getPort());
    }

    private String newAdvertiser() {
        Reply reply = api().post("/api/ads/admin/advertisers", "{\"name\":\"Acme Travel\"}");
        assertThat(reply.status()).isEqualTo(201);
        return reply.body().path("id").asString();
    }

    private void ensureSlot(String key, String... sizes) {
        String sizeList = String.join("\",\"", sizes);
        Reply reply = api().post("/api/ads/admin/slots",
                "{\"key\":\"%s\",\"name\":\"%s\",\"sizes\":[\"%s\"],\"sections\":[\"world\"]}".formatted(key, key, sizeList));
        assertThat(reply.status()).isIn(201, 409);
    }

    private static String campaignJson(String advertiserId, String slot, String section) {
        Instant now = Instant.now();
        return """
                {"advertiserId":"%s","name":"Spring sale","status":"active",
                 "startsAt":"%s","endsAt":"%s","tier":"standard","weight":10,
                 "cpm":{"minorUnits":250,"currency":"USD"},"pacing":"asap",
                 "targeting":{"slots":["%s"],"sections":["%s"],"timeZone":"Europe/London"}}
                """.formatted(advertiserId, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)), slot, section);
    }

    private String newCampaign(String advertiserId, String slot, String section) {
        Reply reply = api().post("/api/ads/admin/campaigns", campaignJson(advertiserId, slot, section));
        assertThat(reply.status()).as(reply.raw()).isEqualTo(201);
        return reply.body().path("id").asString();
    }

    private String newApprovedCreative(String campaignId, String size) {
        Reply reply = api().post("/api/ads/admin/creatives", """
                {"campaignId":"%s","size":"%s","format":"image","imageUrl":"https://cdn.acme.example/%s.png",
                 "altText":"Fly to Lisbon","clickUrl":"https://acme.example/lisbon","reviewStatus":"approved"}
                """.formatted(campaignId, size, size));
        assertThat(reply.status()).as(reply.raw()).isEqualTo(201);
        return reply.body().path("id").asString();
    }

    private static Reply decide(AdApiClient client, String slot, String section) {
        return client.post("/api/ads/decisions", """
                {"pageUrl":"https://news.example/world/syria","section":"%s","keywords":["syria"],
                 "device":"desktop","country":"US","consent":{"personalised":false},
                 "slots":[{"slot":"%s"},{"slot":"no-such-slot"}]}
                """.formatted(section, slot));
    }

    /** Polls decisions until the condition holds, and returns how long that took. */
    private static Duration timeUntil(AdApiClient client, String slot, String section, Predicate<JsonNode> condition) {
        long start = System.nanoTime();
        while (System.nanoTime() - start < Duration.ofSeconds(10).toNanos()) {
            Reply reply = decide(client, slot, section);
            if (reply.status() == 200 && condition.test(reply.body().path("decisions").path(slot))) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
        }
        return Duration.ofSeconds(10);
    }

    @Test
    void aNewCampaignServesOnEveryInstanceWithin2sAndStopsWithin2sOfAPause() {
        other(); // running before the change, so it must pick the change up, not load it at start-up
        ensureSlot("it-banner", "728x90");
        String campaignId = newCampaign(newAdvertiser(), "it-banner", "it-world");
        newApprovedCreative(campaignId, "728x90");

        Duration onThis = timeUntil(api(), "it-banner", "it-world", ad -> campaignId.equals(ad.path("campaignId").asString()));
        Duration onOther = timeUntil(other(), "it-banner", "it-world", ad -> campaignId.equals(ad.path("campaignId").asString()));
        assertThat(onThis).isLessThan(Duration.ofSeconds(2));
        assertThat(onOther).isLessThan(Duration.ofSeconds(2));

        Reply served = decide(other(), "it-banner", "it-world");
        JsonNode ad = served.body().path("decisions").path("it-banner");
        assertThat(ad.path("width").asInt()).isEqualTo(728);
        assertThat(ad.path("impressionUrl").asString()).startsWith("http://localhost:8080/api/ads/i?t=");
        assertThat(ad.path("clickUrl").asString()).startsWith("http://localhost:8080/api/ads/c?t=");
        assertThat(served.body().path("decisions").has("no-such-slot")).isTrue();
        assertThat(served.body().path("decisions").path("no-such-slot").isNull()).isTrue();
        assertThat(served.body().path("frequencyToken").isNull()).isTrue();

        assertThat(api().post("/api/ads/admin/campaigns/" + campaignId + "/pause", "").status()).isEqualTo(200);
        Duration paused = timeUntil(other(), "it-banner", "it-world", JsonNode::isNull);
        assertThat(paused).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aFrequencyCapHoldsWhileTheReadersPageViewsAlternateBetweenInstances() {
        ensureSlot("it-capped", "300x250");
        String advertiserId = newAdvertiser();
        Instant now = Instant.now();
        Reply created = api().post("/api/ads/admin/campaigns", """
                {"advertiserId":"%s","name":"Capped","status":"active","startsAt":"%s","endsAt":"%s",
                 "tier":"sponsorship","weight":1,"cpm":{"minorUnits":900,"currency":"GBP"},"pacing":"asap",
                 "frequencyCap":{"impressions":2,"periodHours":24},"targeting":{"slots":["it-capped"]}}
                """.formatted(advertiserId, now.minusSeconds(3600), now.plusSeconds(86_400)));
        String campaignId = created.body().path("id").asString();
        newApprovedCreative(campaignId, "300x250");
        // Capped campaigns only serve to consenting readers: wait until both instances serve it to a new one.
        for (AdApiClient instance : List.of(api(), other())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            String served = "";
            for (int i = 0; !served.equals(campaignId) && System.nanoTime() < deadline; i++) {
                served = instance.post("/api/ads/decisions", ("{\"consent\":{\"personalised\":true},"
                        + "\"readerId\":\"warm-up-%d\",\"slots\":[{\"slot\":\"it-capped\"}]}").formatted(i))
                        .body().path("decisions").path("it-capped").path("campaignId").asString();
            }
            assertThat(served).isEqualTo(campaignId);
        }

        String token = null;
        int shown = 0;
        for (int view = 0; view < 6; view++) {
            AdApiClient instance = view % 2 == 0 ? api() : other();
            Reply reply = instance.post("/api/ads/decisions", """
                    {"section":"world","consent":{"personalised":true},"readerId":"reader-42",
                     "frequencyToken":%s,"slots":[{"slot":"it-capped"}]}
                    """.formatted(token == null ? "null" : "\"" + token + "\""));
            assertThat(reply.status()).isEqualTo(200);
            shown += campaignId.equals(reply.body().path("decisions").path("it-capped").path("campaignId").asString())
                    ? 1 : 0;
            token = reply.body().path("frequencyToken").asString();
            assertThat(token).isNotBlank();
        }
        assertThat(shown).isEqualTo(2);
    }

    @Test
    void theGatewaysCountryHeaderOverridesTheBodyAndBeaconTokensNameThePlacement() {
        ensureSlot("it-geo", "300x250");
        String advertiserId = newAdvertiser();
        Instant now = Instant.now();
        Reply created = api().post("/api/ads/admin/campaigns", """
                {"advertiserId":"%s","name":"UK only","status":"active","startsAt":"%s","endsAt":"%s",
                 "tier":"standard","weight":1,"cpm":{"minorUnits":500,"currency":"GBP"},"pacing":"asap",
                 "targeting":{"slots":["it-geo"],"countries":["GB"]}}
                """.formatted(advertiserId, now.minusSeconds(3600), now.plusSeconds(86_400)));
        String campaignId = created.body().path("id").asString();
        String creativeId = newApprovedCreative(campaignId, "300x250");
        String body = "{\"country\":\"US\",\"slots\":[{\"slot\":\"it-geo\"}]}";
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        JsonNode ad = null;
        while (System.nanoTime() < deadline && (ad == null || ad.isNull())) {
            ad = api().post("/api/ads/decisions", body, "X-Reader-Country", "GB").body().path("decisions").path("it-geo");
        }
        assertThat(ad.path("campaignId").asString()).isEqualTo(campaignId);
        assertThat(api().post("/api/ads/decisions", body).body().path("decisions").path("it-geo").isNull()).isTrue();

        String token = URLDecoder.decode(ad.path("clickUrl").asString().replaceFirst(".*\\?t=", ""),
                StandardCharsets.US_ASCII);
        var decoded = adTokens.decode(token, Instant.now()).orElseThrow();
        assertThat(decoded.slot()).isEqualTo("it-geo");
        assertThat(decoded.campaignId()).isEqualTo(campaignId);
        assertThat(decoded.creativeId()).isEqualTo(creativeId);
        assertThat(ad.path("impressionUrl").asString()).endsWith(ad.path("clickUrl").asString().replaceFirst(".*\\?", "?"));
    }

    @Test
    void aStaleUpdateIs409AndTheFirstUpdateIsKept() {
        String advertiserId = newAdvertiser();
        ensureSlot("it-banner", "728x90");
        String campaignId = newCampaign(advertiserId, "it-banner", "world");
        String base = campaignJson(advertiserId, "it-banner", "world").trim();

        Reply first = api().put("/api/ads/admin/campaigns/" + campaignId,
                base.substring(0, base.length() - 1).replace("Spring sale", "First edit") + ",\"version\":0}");
        Reply second = api().put("/api/ads/admin/campaigns/" + campaignId,
                base.substring(0, base.length() - 1).replace("Spring sale", "Second edit") + ",\"version\":0}");

        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.body().path("status").asInt()).isEqualTo(409);
        Reply stored = api().get("/api/ads/admin/campaigns/" + campaignId);
        assertThat(stored.body().path("name").asString()).isEqualTo("First edit");
        assertThat(stored.body().path("version").asLong()).isEqualTo(1);
    }

    @Test
    void badCampaignsAre400sNamingEachFieldAndNothingIsStored() {
        String advertiserId = newAdvertiser();
        long before = api().get("/api/ads/admin/campaigns?advertiserId=" + advertiserId).body().path("totalItems").asLong();
        Instant now = Instant.now();

        Reply reply = api().post("/api/ads/admin/campaigns", """
                {"advertiserId":"%s","name":"Broken","startsAt":"%s","endsAt":"%s","tier":"standard","weight":1,
                 "cpm":{"minorUnits":100,"currency":"USD"},"goal":{"lifetimeImpressions":-5},
                 "targeting":{"slots":["no-such-slot"]}}
                """.formatted(advertiserId, now, now.minusSeconds(3600)));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.raw()).contains("goal.lifetimeImpressions");

        Reply crossField = api().post("/api/ads/admin/campaigns", """
                {"advertiserId":"%s","name":"Broken","startsAt":"%s","endsAt":"%s","tier":"standard","weight":1,
                 "cpm":{"minorUnits":100,"currency":"USD"},"targeting":{"slots":["no-such-slot"]}}
                """.formatted(advertiserId, now, now.minusSeconds(3600)));
        assertThat(crossField.status()).isEqualTo(400);
        assertThat(fields(crossField)).contains("endsAt", "targeting.slots");

        Reply unknownField = api().post("/api/ads/admin/campaigns",
                campaignJson(advertiserId, "it-banner", "world").trim().replaceFirst("\\{", "{\"budget\":5,"));
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(fields(unknownField)).contains("budget");

        assertThat(api().get("/api/ads/admin/campaigns?advertiserId=" + advertiserId).body().path("totalItems").asLong())
                .isEqualTo(before);
    }

    @Test
    void badCreativesAre400sNamingEachFieldAndNothingIsStored() {
        ensureSlot("it-banner", "728x90");
        String campaignId = newCampaign(newAdvertiser(), "it-banner", "world");

        Reply reply = api().post("/api/ads/admin/creatives", """
                {"campaignId":"%s","size":"300x250","format":"image","imageUrl":"http://cdn.example/a.png",
                 "altText":"x","clickUrl":"javascript:alert(1)"}
                """.formatted(campaignId));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(fields(reply)).contains("size", "imageUrl", "clickUrl");
        assertThat(reply.body().path("title").asString()).isEqualTo("Invalid request");
        assertThat(api().get("/api/ads/admin/creatives?campaignId=" + campaignId).body().path("totalItems").asLong())
                .isZero();
    }

    @Test
    void listsArePagedAndFiltered() {
        String advertiserId = newAdvertiser();
        ensureSlot("it-banner", "728x90");
        for (int i = 0; i < 3; i++) {
            newCampaign(advertiserId, "it-banner", "world");
        }
        Reply page = api().get("/api/ads/admin/campaigns?advertiserId=" + advertiserId + "&size=2&page=1");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().path("totalItems").asLong()).isEqualTo(3);
        assertThat(page.body().path("totalPages").asLong()).isEqualTo(2);
        assertThat(page.body().path("items").size()).isEqualTo(1);
        assertThat(api().get("/api/ads/admin/campaigns?size=500").status()).isEqualTo(400);
    }

    @Test
    void aDecisionRequestWithAMalformedSizeIs400NamingIt() {
        Reply reply = api().post("/api/ads/decisions",
                "{\"slots\":[{\"slot\":\"banner-top\",\"sizes\":[\"728x90\",\"huge\"]}]}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(fields(reply)).containsExactly("slots[0].sizes[1]");
    }

    private static List<String> fields(Reply reply) {
        List<String> fields = new ArrayList<>();
        reply.body().path("errors").forEach(error -> fields.add(error.path("field").asString()));
        return fields;
    }
}
