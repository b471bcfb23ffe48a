package org.newsroom.ads.demo;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.newsroom.ads.inventory.AdSize;
import org.newsroom.ads.inventory.Advertiser;
import org.newsroom.ads.inventory.Campaign;
import org.newsroom.ads.inventory.Campaign.Pacing;
import org.newsroom.ads.inventory.Campaign.Tier;
import org.newsroom.ads.inventory.Creative;
import org.newsroom.ads.inventory.DeliveryGoal;
import org.newsroom.ads.inventory.FrequencyCap;
import org.newsroom.ads.inventory.Money;
import org.newsroom.ads.inventory.Slot;
import org.newsroom.ads.inventory.Targeting;
import org.newsroom.ads.inventory.Targeting.DeviceType;
import org.newsroom.ads.inventory.store.InventoryStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Seeds the demo article page's slots and a believable inventory, once, into an empty database: a desktop
 * world-news page about Syria fills every desktop slot, with sponsorship, standard and house campaigns that
 * differ in sections, keywords, countries, devices, dayparts, caps and exclusion labels.
 * Fixed ids make a second instance seeding at the same moment fail on the unique id, harmlessly.
 */
@Component
@ConditionalOnBooleanProperty("ads.demo-inventory.enabled")
class DemoInventorySeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoInventorySeeder.class);

    private final InventoryStore store;
    private final Clock clock;
    private final String assets;
    private final String landingPages;
    private final String newsroomSupport;

    DemoInventorySeeder(InventoryStore store, Clock clock, @Value("${ads.public-base-url}") String publicBaseUrl) {
        this.store = store;
        this.clock = clock;
        this.assets = publicBaseUrl + "/api/ads/assets/creatives/";
        // The demo advertisers' sites are pages the gateway serves, so a click lands somewhere real on one machine;
        // the house ads lead to the appeal at the end of the demo article.
        this.landingPages = publicBaseUrl + "/demo/landing/";
        this.newsroomSupport = publicBaseUrl + "/#support";
    }

    @Override
    public void run(ApplicationArguments args) {
        if (store.count(Slot.class, new Query()) > 0 || store.count(Campaign.class, new Query()) > 0) {
            log.info("Demo inventory not seeded: the inventory is not empty");
            return;
        }
        try {
            seed();
        } catch (DuplicateKeyException anotherInstanceSeeded) {
            log.info("Demo inventory already being seeded by another instance");
        }
    }

    private void seed() {
        Instant now = clock.instant();
        slot("banner-top", "Banner top", "728x90", "970x250");
        slot("inline-1", "In-article 1", "300x250");
        slot("inline-2", "In-article 2", "300x250");
        slot("right-mpu", "Right column", "300x600", "300x250");
        slot("mobile-banner", "Mobile banner", "320x50");

        advertiser("adv_demo_meridian", "Meridian Air");
        advertiser("adv_demo_northwind", "Northwind Bank");
        advertiser("adv_demo_evergreen", "Evergreen Energy");
        advertiser("adv_demo_atlas", "Atlas Outdoor");
        advertiser("adv_demo_newsroom", "Newsroom (house)");

        Targeting anywhere = Targeting.ANYWHERE;
        campaign("cmp_demo_meridian_sun", "adv_demo_meridian", "Winter sun: world news sponsorship", Tier.SPONSORSHIP, 1,
                4_500, new DeliveryGoal(2_000_000L, 80_000L), Pacing.EVEN, null,
                targeting(Set.of("banner-top"), Set.of("world", "travel"), Set.of(), Set.of("US", "GB", "DE"),
                        Set.of(DeviceType.DESKTOP, DeviceType.TABLET), Set.of(), Set.of(), "UTC"),
                Set.of("airlines"), now, "meridian-air", "728x90", "970x250");
        campaign("cmp_demo_meridian_business", "adv_demo_meridian", "Business class", Tier.STANDARD, 20, 3_200,
                new DeliveryGoal(500_000L, null), Pacing.EVEN, null,
                targeting(Set.of(), Set.of("business"), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), "UTC"),
                Set.of("airlines"), now, "meridian-business", "300x250", "300x600", "728x90");
        campaign("cmp_demo_northwind_savings", "adv_demo_northwind", "Easy-access savings", Tier.STANDARD, 60, 2_800,
                new DeliveryGoal(null, 120_000L), Pacing.EVEN, null,
                targeting(Set.of("inline-1", "inline-2", "right-mpu"), Set.of("world", "business", "uk"), Set.of(),
                        Set.of("US", "GB"), Set.of(), Set.of(), Set.of(), "UTC"),
                Set.of("banks"), now, "northwind-savings", "300x250", "300x600");
        campaign("cmp_demo_northwind_mortgage", "adv_demo_northwind", "Fixed-rate mortgages", Tier.STANDARD, 30, 3_000,
                DeliveryGoal.NONE, Pacing.ASAP, new FrequencyCap(3, 24),
                targeting(Set.of(), Set.of("business", "money"), Set.of(), Set.of("GB"), Set.of(), Set.of(), Set.of(),
                        "Europe/London"),
                Set.of("banks"), now, "northwind-mortgage", "300x250", "728x90");
        campaign("cmp_demo_evergreen_solar", "adv_demo_evergreen", "Solar at home", Tier.STANDARD, 40, 2_200,
                new DeliveryGoal(1_000_000L, null), Pacing.EVEN, null,
                targeting(Set.of(), Set.of(), Set.of("climate", "energy", "syria", "oil", "middle-east"), Set.of(),
                        Set.of(), Set.of(), Set.of(), "UTC"),
                Set.of("energy"), now, "evergreen-solar", "300x250", "300x600", "728x90");
        campaign("cmp_demo_evergreen_ev", "adv_demo_evergreen", "EV leasing", Tier.STANDARD, 25, 2_400,
                DeliveryGoal.NONE, Pacing.ASAP, new FrequencyCap(2, 24),
                targeting(Set.of(), Set.of("technology", "environment", "world"), Set.of(), Set.of("DE", "GB"),
                        Set.of(), Set.of(), Set.of(), "Europe/Berlin"),
                Set.of("cars"), now, "evergreen-ev", "300x250", "320x50");
        campaign("cmp_demo_atlas_weekend", "adv_demo_atlas", "Winter jackets: weekend evenings", Tier.STANDARD, 50,
                1_800, new DeliveryGoal(null, 60_000L), Pacing.EVEN, new FrequencyCap(4, 24),
                targeting(Set.of(), Set.of(), Set.of(), Set.of("US"), Set.of(DeviceType.DESKTOP, DeviceType.MOBILE),
                        Set.of(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY),
                        Set.of(17, 18, 19, 20, 21, 22), "America/New_York"),
                Set.of("retail"), now, "atlas-jackets", "300x600", "320x50", "728x90");
        campaign("cmp_demo_atlas_all", "adv_demo_atlas", "Winter jackets: always on", Tier.STANDARD, 15, 1_200,
                DeliveryGoal.NONE, Pacing.ASAP, null,
                targeting(Set.of("right-mpu", "mobile-banner"), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(),
                        Set.of(), "UTC"),
                Set.of("retail"), now, "atlas-jackets", "300x600", "300x250", "320x50");
        campaign("cmp_demo_house_support", "adv_demo_newsroom", "Support our journalism", Tier.HOUSE, 70, 0,
                DeliveryGoal.NONE, Pacing.ASAP, null, anywhere, Set.of(), now, "newsroom-support",
                "728x90", "970x250", "300x250", "300x600", "320x50");
        campaign("cmp_demo_house_newsletter", "adv_demo_newsroom", "Morning Briefing newsletter", Tier.HOUSE, 30, 0,
                DeliveryGoal.NONE, Pacing.ASAP, null, anywhere, Set.of(), now, "newsroom-newsletter",
                "728x90", "300x250", "320x50");
        log.info("Demo inventory seeded: 5 slots, 5 advertisers, 10 campaigns");
    }

    private void slot(String key, String name, String... sizes) {
        List<AdSize> parsed = new ArrayList<>();
        for (String size : sizes) {
            parsed.add(AdSize.parse(size));
        }
        store.insert(new Slot(key, 0, name, parsed, Set.of(), clock.instant()));
    }

    private void advertiser(String id, String name) {
        store.insert(new Advertiser(id, 0, name, Advertiser.Status.ACTIVE, clock.instant()));
    }

    private static Targeting targeting(Set<String> slots, Set<String> sections, Set<String> keywords,
            Set<String> countries, Set<DeviceType> devices, Set<DayOfWeek> days, Set<Integer> hours, String zone) {
        return new Targeting(slots, sections, keywords, countries, devices, days, hours, zone);
    }

    private void campaign(String id, String advertiserId, String name, Tier tier, int weight, long cpmCents,
            DeliveryGoal goal, Pacing pacing, FrequencyCap cap, Targeting targeting, Set<String> labels, Instant now,
            String artwork, String... sizes) {
        store.insert(new Campaign(id, 0, advertiserId, name, Campaign.Status.ACTIVE, now.minus(Duration.ofDays(7)),
                now.plus(Duration.ofDays(365)), tier, weight, new Money(cpmCents, "USD"), goal, pacing, cap, targeting,
                labels, now));
        String clickUrl = advertiserId.equals("adv_demo_newsroom") ? newsroomSupport
                : landingPages + artwork + ".html?utm_source=newsroom";
        for (String size : sizes) {
            store.insert(new Creative(id.replace("cmp_", "crv_") + "_" + size, 0, id, AdSize.parse(size),
                    Creative.Format.IMAGE, assets + artwork + "-" + size + ".svg", altText(name, artwork), null, null,
                    clickUrl, Creative.ReviewStatus.APPROVED, now));
        }
    }

    private static String altText(String campaignName, String artwork) {
        return campaignName + " (" + artwork.replace('-', ' ') + ")";
    }
}
