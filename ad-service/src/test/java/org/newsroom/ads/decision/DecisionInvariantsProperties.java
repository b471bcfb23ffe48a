package org.newsroom.ads.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.newsroom.ads.decision.TestInventory.NOW;

import java.time.DayOfWeek;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.newsroom.ads.decision.DecisionEngine.PageDecision;
import org.newsroom.ads.decision.DecisionEngine.Placement;
import org.newsroom.ads.inventory.AdSize;
import org.newsroom.ads.inventory.Campaign;
import org.newsroom.ads.inventory.Creative;
import org.newsroom.ads.inventory.Slot;
import org.newsroom.ads.inventory.Targeting;
import org.newsroom.ads.inventory.Targeting.DeviceType;

/** The engine's promises, checked over generated inventories and pages. */
class DecisionInvariantsProperties {

    private static final List<String> SLOTS = List.of("banner-top", "inline-1", "inline-2", "right-mpu");
    private static final List<String> SIZES = List.of("728x90", "970x250", "300x250", "300x600");
    private static final List<String> SECTIONS = List.of("world", "sport", "business");
    private static final List<String> KEYWORDS = List.of("syria", "football", "markets", "climate");
    private static final List<String> COUNTRIES = List.of("US", "GB", "DE");
    private static final List<String> LABELS = List.of("airlines", "banks", "cars");

    record Scenario(List<TestInventory.CampaignSpec> campaigns, List<Creative> creatives, PageContext page) {

        InventoryIndex index() {
            TestInventory inventory = new TestInventory()
                    .slot("banner-top", "728x90", "970x250").slot("inline-1", "300x250")
                    .slot("inline-2", "300x250").slot("right-mpu", "300x600", "300x250");
            campaigns.forEach(spec -> inventory.campaign(spec));
            creatives.forEach(inventory::creative);
            return inventory.index();
        }
    }

    @Property(tries = 300)
    void neverAnIneligibleCreativeNorACampaignTwiceNorSharedLabels(@ForAll("scenarios") Scenario scenario,
            @ForAll long seed) {
        InventoryIndex index = scenario.index();
        DecisionEngine engine = new DecisionEngine(new LocalDeliveryLedger(), () -> new SplittableRandom(seed));

        PageDecision decision = engine.decide(index, scenario.page(), ExposureHistory.EMPTY, NOW);
        Statistics.label("filled slots")
                .collect(decision.placements().values().stream().filter(p -> p != null).count());

        Set<String> campaignsOnPage = new HashSet<>();
        Set<String> labelsOnPage = new HashSet<>();
        for (Placement placement : decision.placements().values()) {
            if (placement == null) {
                continue;
            }
            assertEligible(placement, index.slot(placement.slot()), scenario.page());
            assertThat(campaignsOnPage.add(placement.campaign().id())).as("campaign twice on a page").isTrue();
            for (String label : placement.campaign().exclusionLabels()) {
                assertThat(labelsOnPage.add(label)).as("exclusion label shared on a page").isTrue();
            }
        }
    }

    @Property(tries = 200)
    void aReaderNeverSeesACampaignMoreOftenThanItsCap(@ForAll("scenarios") Scenario scenario, @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 30) int pageViews) {
        InventoryIndex index = scenario.index();
        DecisionEngine engine = new DecisionEngine(new LocalDeliveryLedger(), () -> new SplittableRandom(seed));
        PageContext page = new PageContext(scenario.page().section(), scenario.page().keywords(),
                scenario.page().device(), scenario.page().country(), "reader-1", scenario.page().slotRequests());
        Map<String, Campaign> byId = new java.util.HashMap<>();
        scenario.campaigns().forEach(spec -> byId.put(spec.id, spec.build()));

        ExposureHistory history = ExposureHistory.EMPTY;
        List<Placement> shown = new ArrayList<>();
        for (int view = 0; view < pageViews; view++) {
            // Page views a minute apart, all within every cap's period.
            PageDecision decision = engine.decide(index, page, history, NOW.plusSeconds(60L * view));
            decision.placements().values().stream().filter(p -> p != null).forEach(shown::add);
            history = decision.history();
        }
        for (Campaign campaign : byId.values()) {
            if (campaign.frequencyCap() != null) {
                long seen = shown.stream().filter(p -> p.campaign().id().equals(campaign.id())).count();
                assertThat(seen).as("views of capped campaign %s", campaign.id())
                        .isLessThanOrEqualTo(campaign.frequencyCap().impressions());
            }
        }
    }

    @Property(tries = 20)
    void lotterySharesFollowTheWeights(@ForAll @Size(min = 2, max = 6) List<@IntRange(min = 1, max = 20) Integer> weights,
            @ForAll long seed) {
        double[] w = weights.stream().mapToDouble(Integer::doubleValue).toArray();
        double total = IntStream.range(0, w.length).mapToDouble(i -> w[i]).sum();
        int[] wins = new int[w.length];
        SplittableRandom random = new SplittableRandom(seed);
        int draws = 100_000;
        for (int i = 0; i < draws; i++) {
            wins[WeightedLottery.draw(w, w.length, random)]++;
        }
        for (int i = 0; i < w.length; i++) {
            // 0.01 is more than six standard errors of a share estimated from 100,000 draws.
            assertThat((double) wins[i] / draws).isCloseTo(w[i] / total, org.assertj.core.data.Offset.offset(0.01));
        }
    }

    private static void assertEligible(Placement placement, Slot slot, PageContext page) {
        Campaign campaign = placement.campaign();
        Creative creative = placement.creative();
        assertThat(campaign.status()).isEqualTo(Campaign.Status.ACTIVE);
        assertThat(campaign.isInFlight(NOW)).isTrue();
        assertThat(creative.reviewStatus()).isEqualTo(Creative.ReviewStatus.APPROVED);
        assertThat(creative.campaignId()).isEqualTo(campaign.id());
        assertThat(slot.accepts(creative.size())).isTrue();
        Targeting t = campaign.targeting();
        assertThat(t.slots().isEmpty() || t.slots().contains(slot.id())).isTrue();
        assertThat(t.sections().isEmpty() || t.sections().contains(page.section())).isTrue();
        assertThat(t.keywords().isEmpty() || page.keywords().stream().anyMatch(t.keywords()::contains)).isTrue();
        assertThat(t.countries().isEmpty() || t.countries().contains(page.country())).isTrue();
        assertThat(t.devices().isEmpty() || t.devices().contains(page.device())).isTrue();
        ZonedDateTime local = NOW.atZone(t.zone());
        assertThat(t.days().isEmpty() || t.days().contains(local.getDayOfWeek())).isTrue();
        assertThat(t.hours().isEmpty() || t.hours().contains(local.getHour())).isTrue();
        assertThat(campaign.frequencyCap() == null || page.personalised()).isTrue();
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<List<TestInventory.CampaignSpec>> campaigns = campaignSpec().list().ofMinSize(0).ofMaxSize(40)
                .uniqueElements(spec -> spec.id);
        return campaigns.flatMap(specs -> Combinators.combine(creativesFor(specs), pages())
                .as((creatives, page) -> new Scenario(specs, creatives, page)));
    }

    private Arbitrary<TestInventory.CampaignSpec> campaignSpec() {
        Arbitrary<TestInventory.CampaignSpec> base = Combinators.combine(
                Arbitraries.integers().between(0, 999).map(i -> "cmp-" + i),
                Arbitraries.of(Campaign.Tier.class),
                Arbitraries.integers().between(1, 10),
                Arbitraries.frequency(Tuple.of(8, Campaign.Status.ACTIVE), Tuple.of(1, Campaign.Status.PAUSED),
                        Tuple.of(1, Campaign.Status.DRAFT), Tuple.of(1, Campaign.Status.ENDED)),
                Arbitraries.frequency(Tuple.of(8, 0), Tuple.of(1, -3), Tuple.of(1, 3)))
                .as((id, tier, weight, status, flightShift) -> TestInventory.campaign(id).tier(tier).weight(weight)
                        .status(status).flight(NOW.plusSeconds(flightShift * 3600L - 7200),
                                NOW.plusSeconds(flightShift * 3600L + 7200)));
        return Combinators.combine(base,
                often(Arbitraries.of(SLOTS).set().ofMinSize(1).ofMaxSize(2)),
                often(Arbitraries.of(SECTIONS).set().ofMinSize(1).ofMaxSize(2)),
                often(Arbitraries.of(KEYWORDS).set().ofMinSize(1).ofMaxSize(2)),
                often(Arbitraries.of(COUNTRIES).set().ofMinSize(1).ofMaxSize(2)),
                often(Arbitraries.of(DeviceType.class).set().ofMinSize(1).ofMaxSize(2)),
                often(Arbitraries.of(DayOfWeek.class).set().ofMinSize(1).ofMaxSize(3)),
                Arbitraries.of(LABELS).set().ofMinSize(1).ofMaxSize(2).injectNull(0.3)
                        .map(labels -> labels == null ? Set.<String>of() : labels))
                .as((spec, slots, sections, keywords, countries, devices, days, labels) -> {
                    spec.slots = slots;
                    spec.sections = sections;
                    spec.keywords = keywords;
                    spec.countries = countries;
                    spec.devices = devices;
                    spec.days = days;
                    spec.labels = labels;
                    return spec;
                })
                .flatMap(spec -> Combinators.combine(
                        Arbitraries.integers().between(0, 4),
                        often(Arbitraries.integers().between(0, 23).set().ofMinSize(1).ofMaxSize(6)),
                        Arbitraries.of("UTC", "America/New_York", "Asia/Tokyo"))
                        .as((cap, hours, zone) -> {
                            spec.cap = cap == 0 ? null : new org.newsroom.ads.inventory.FrequencyCap(cap, 24);
                            spec.hours = hours;
                            spec.zone = zone;
                            return spec;
                        }));
    }

    /** Mostly untargeted ("any"), sometimes targeted: enough campaigns stay eligible to compete for slots. */
    private static <T> Arbitrary<Set<T>> often(Arbitrary<Set<T>> targeted) {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(Set.<T>of())), Tuple.of(1, targeted));
    }

    private Arbitrary<List<Creative>> creativesFor(List<TestInventory.CampaignSpec> specs) {
        if (specs.isEmpty()) {
            return Arbitraries.just(List.of());
        }
        Arbitrary<Creative> creative = Combinators.combine(
                Arbitraries.of(specs).map(spec -> spec.id),
                Arbitraries.of(SIZES),
                Arbitraries.of(Creative.ReviewStatus.APPROVED, Creative.ReviewStatus.APPROVED,
                        Creative.ReviewStatus.PENDING, Creative.ReviewStatus.REJECTED),
                Arbitraries.integers().between(0, 99_999))
                .as((campaignId, size, review, n) -> TestInventory.creative("crv-" + n, campaignId, size, review));
        return creative.list().ofMaxSize(80).uniqueElements(Creative::id);
    }

    private Arbitrary<PageContext> pages() {
        Arbitrary<List<PageContext.SlotRequest>> slotRequests = Arbitraries.of(SLOTS).set().ofMinSize(1)
                .flatMap(keys -> Arbitraries.of(SIZES).set().ofMaxSize(2).list().ofSize(keys.size())
                        .map(sizeSets -> {
                            List<String> ordered = List.copyOf(keys);
                            List<PageContext.SlotRequest> requests = new ArrayList<>();
                            for (int i = 0; i < ordered.size(); i++) {
                                requests.add(new PageContext.SlotRequest(ordered.get(i),
                                        sizeSets.get(i).stream().map(AdSize::parse).toList()));
                            }
                            return requests;
                        }));
        return Combinators.combine(Arbitraries.of(SECTIONS), Arbitraries.of(KEYWORDS).set().ofMaxSize(3),
                Arbitraries.of(DeviceType.class), Arbitraries.of(COUNTRIES), Arbitraries.of(true, false), slotRequests)
                .as((section, keywords, device, country, personalised, requests) -> new PageContext(section, keywords,
                        device, country, personalised ? "reader-1" : null, requests));
    }
}
