package org.newsroom.ads.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.newsroom.ads.AdApiClient;
import org.newsroom.ads.AdApiClient.Reply;
import org.newsroom.ads.inventory.store.LiveInventory;
import org.newsroom.platform.testing.InMemoryMongo;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "ads.demo-inventory.enabled=true")
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class DemoInventoryTest {

    private static final String SYRIA_PAGE = """
            {"pageUrl":"https://news.example/world/2024/nov/21/syria-isis-final-push","section":"world",
             "keywords":["syria","isis"],"device":"desktop","country":"US","consent":{"personalised":false},
             "slots":[{"slot":"banner-top","sizes":["728x90","970x250"]},{"slot":"inline-1","sizes":["300x250"]},
                      {"slot":"inline-2","sizes":["300x250"]},{"slot":"right-mpu","sizes":["300x600","300x250"]}]}
            """;

    @LocalServerPort
    int port;

    @Autowired
    DemoInventorySeeder seeder;

    @Autowired
    LiveInventory inventory;

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        InMemoryMongo.register(registry, "ads-demo");
        AdApiClient.IDENTITY.register(registry);
    }

    @Test
    void aDesktopWorldPageAboutSyriaFillsAtLeastThreeOfItsFourSlotsWithLocallyServedImages() {
        AdApiClient api = new AdApiClient(port);
        inventory.refresh();

        for (int view = 0; view < 20; view++) {
            Reply reply = api.post("/api/ads/decisions", SYRIA_PAGE);
            assertThat(reply.status()).isEqualTo(200);
            JsonNode decisions = reply.body().path("decisions");
            Set<String> campaigns = new HashSet<>();
            int filled = 0;
            for (String slot : new String[] {"banner-top", "inline-1", "inline-2", "right-mpu"}) {
                JsonNode ad = decisions.path(slot);
                if (!ad.isNull()) {
                    filled++;
                    assertThat(campaigns.add(ad.path("campaignId").asString())).isTrue();
                    String imagePath = ad.path("imageUrl").asString().replace("http://localhost:8080", "");
                    assertThat(api.get(imagePath).raw()).startsWith("<svg");
                }
            }
            assertThat(filled).isGreaterThanOrEqualTo(3);
            // The world-news sponsorship owns the top banner for US desktop readers.
            assertThat(decisions.path("banner-top").path("campaignId").asString()).isEqualTo("cmp_demo_meridian_sun");
        }
    }

    @Test
    void theDemoInventoryIsBelievableAndSeedingTwiceChangesNothing() {
        AdApiClient api = new AdApiClient(port);
        long campaigns = api.get("/api/ads/admin/campaigns").body().path("totalItems").asLong();
        long advertisers = api.get("/api/ads/admin/advertisers").body().path("totalItems").asLong();
        Set<String> tiers = new HashSet<>();
        api.get("/api/ads/admin/campaigns?size=200").body().path("items")
                .forEach(campaign -> tiers.add(campaign.path("tier").asString()));

        seeder.run(null);

        assertThat(campaigns).isGreaterThanOrEqualTo(8);
        assertThat(advertisers).isGreaterThanOrEqualTo(3);
        assertThat(tiers).containsExactlyInAnyOrder("sponsorship", "standard", "house");
        assertThat(api.get("/api/ads/admin/campaigns").body().path("totalItems").asLong()).isEqualTo(campaigns);
        assertThat(api.get("/api/ads/admin/slots").body().path("items").findValuesAsString("key"))
                .contains("banner-top", "inline-1", "inline-2", "right-mpu", "mobile-banner");
    }
}
