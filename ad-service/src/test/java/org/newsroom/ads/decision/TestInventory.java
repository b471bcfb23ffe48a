package org.newsroom.ads.decision;

import java.time.DayOfWeek;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.newsroom.ads.inventory.AdSize;
import org.newsroom.ads.inventory.Advertiser;
import org.newsroom.ads.inventory.Campaign;
import org.newsroom.ads.inventory.Creative;
import org.newsroom.ads.inventory.DeliveryGoal;
import org.newsroom.ads.inventory.FrequencyCap;
import org.newsroom.ads.inventory.Money;
import org.newsroom.ads.inventory.Slot;
import org.newsroom.ads.inventory.Targeting;

/** Builds inventories for the engine's tests in a line each. */
final class TestInventory {

    static final Instant NOW = Instant.parse("2026-11-25T15:00:00Z"); // a Wednesday
    static final String ADVERTISER = "adv-1";

    private final List<Slot> slots = new ArrayList<>();
    private final List<Advertiser> advertisers = new ArrayList<>(
            List.of(new Advertiser(ADVERTISER, 0, "Advertiser", Advertiser.Status.ACTIVE, NOW)));
    private final List<Campaign> campaigns = new ArrayList<>();
    private final List<Creative> creatives = new ArrayList<>();

    TestInventory slot(String key, String... sizes) {
        slots.add(new Slot(key, 0, key, Arrays.stream(sizes).map(AdSize::parse).toList(), Set.of(), NOW));
        return this;
    }

    TestInventory advertiser(String id, Advertiser.Status status) {
        advertisers.add(new Advertiser(id, 0, id, status, NOW));
        return this;
    }

    /** Adds the campaign with one approved creative per size given. */
    TestInventory campaign(CampaignSpec spec, String... creativeSizes) {
        campaigns.add(spec.build());
        for (String size : creativeSizes) {
            creatives.add(creative(spec.id + "-" + size, spec.id, size, Creative.ReviewStatus.APPROVED));
        }
        return this;
    }

    TestInventory creative(Creative creative) {
        creatives.add(creative);
        return this;
    }

    InventoryIndex index() {
        return InventoryIndex.build(slots, advertisers, campaigns, creatives, 1);
    }

    static Creative creative(String id, String campaignId, String size, Creative.ReviewStatus review) {
        return new Creative(id, 0, campaignId, AdSize.parse(size), Creative.Format.IMAGE,
                "https://cdn.example/" + id + ".png", "alt", null, null, "https://advertiser.example/" + id,
                review, NOW);
    }

    static CampaignSpec campaign(String id) {
        return new CampaignSpec(id);
    }

    static PageContext page(String... slotKeys) {
        return new PageContext("world", Set.of("syria"), Targeting.DeviceType.DESKTOP, "US", null,
                Arrays.stream(slotKeys).map(key -> new PageContext.SlotRequest(key, List.of())).toList());
    }

    static PageContext personalisedPage(String readerId, String... slotKeys) {
        PageContext page = page(slotKeys);
        return new PageContext(page.section(), page.keywords(), page.device(), page.country(), readerId,
                page.slotRequests());
    }

    static final class CampaignSpec {
        final String id;
        String advertiserId = ADVERTISER;
        Campaign.Status status = Campaign.Status.ACTIVE;
        Instant startsAt = NOW.minusSeconds(86_400);
        Instant endsAt = NOW.plusSeconds(86_400 * 30);
        Campaign.Tier tier = Campaign.Tier.STANDARD;
        int weight = 1;
        DeliveryGoal goal = DeliveryGoal.NONE;
        Campaign.Pacing pacing = Campaign.Pacing.ASAP;
        FrequencyCap cap;
        Set<String> labels = Set.of();
        Set<String> slots = Set.of();
        Set<String> sections = Set.of();
        Set<String> keywords = Set.of();
        Set<String> countries = Set.of();
        Set<Targeting.DeviceType> devices = Set.of();
        Set<DayOfWeek> days = Set.of();
        Set<Integer> hours = Set.of();
        String zone = "UTC";

        CampaignSpec(String id) {
            this.id = id;
        }

        CampaignSpec tier(Campaign.Tier value) { tier = value; return this; }
        CampaignSpec weight(int value) { weight = value; return this; }
        CampaignSpec status(Campaign.Status value) { status = value; return this; }
        CampaignSpec advertiser(String value) { advertiserId = value; return this; }
        CampaignSpec flight(Instant start, Instant end) { startsAt = start; endsAt = end; return this; }
        CampaignSpec goal(Long lifetime, Long daily) { goal = new DeliveryGoal(lifetime, daily); return this; }
        CampaignSpec pacing(Campaign.Pacing value) { pacing = value; return this; }
        CampaignSpec cap(int impressions, int hours) { cap = new FrequencyCap(impressions, hours); return this; }
        CampaignSpec labels(String... values) { labels = Set.of(values); return this; }
        CampaignSpec slots(String... values) { slots = Set.of(values); return this; }
        CampaignSpec sections(String... values) { sections = Set.of(values); return this; }
        CampaignSpec keywords(String... values) { keywords = Set.of(values); return this; }
        CampaignSpec countries(String... values) { countries = Set.of(values); return this; }
        CampaignSpec devices(Targeting.DeviceType... values) { devices = Set.of(values); return this; }
        CampaignSpec days(DayOfWeek... values) { days = Set.of(values); return this; }
        CampaignSpec hours(Integer... values) { hours = Set.of(values); return this; }
        CampaignSpec zone(String value) { zone = value; return this; }

        Campaign build() {
            return new Campaign(id, 0, advertiserId, id, status, startsAt, endsAt, tier, weight,
                    new Money(250, "USD"), goal, pacing, cap,
                    new Targeting(slots, sections, keywords, countries, devices, days, hours, zone), labels, NOW);
        }
    }
}
