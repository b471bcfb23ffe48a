package org.newsroom.ads.decision.bench;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.newsroom.ads.decision.DecisionEngine;
import org.newsroom.ads.decision.DecisionEngine.PageDecision;
import org.newsroom.ads.decision.ExposureHistory;
import org.newsroom.ads.decision.InventoryIndex;
import org.newsroom.ads.decision.LocalDeliveryLedger;
import org.newsroom.ads.decision.PageContext;
import org.newsroom.ads.inventory.AdSize;
import org.newsroom.ads.inventory.Advertiser;
import org.newsroom.ads.inventory.Campaign;
import org.newsroom.ads.inventory.Creative;
import org.newsroom.ads.inventory.DeliveryGoal;
import org.newsroom.ads.inventory.FrequencyCap;
import org.newsroom.ads.inventory.Money;
import org.newsroom.ads.inventory.Slot;
import org.newsroom.ads.inventory.Targeting;
import org.newsroom.ads.inventory.Targeting.DeviceType;
import org.newsroom.ads.token.AdTokenCodec;
import org.newsroom.ads.token.HmacSigner;
import org.newsroom.ads.token.SigningKeys;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decisions for a 4-slot page over 10,000 active campaigns and 50 slots, on one thread (one core).
 * Run with {@code ad-service/bench/run-decision-benchmark}; figures go to docs/performance.md.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 10)
@Threads(1)
public class DecisionEngineBenchmark {

    static final int CAMPAIGNS = 10_000;
    static final int SLOTS = 50;
    static final List<String> SIZES = List.of("728x90", "970x250", "300x250", "300x600", "320x50");
    static final List<String> SECTIONS = List.of("world", "uk", "us", "business", "sport", "culture", "opinion",
            "technology", "science", "environment", "money", "travel", "food", "lifestyle", "politics", "media",
            "education", "society", "football", "film");
    static final List<String> KEYWORDS = List.of("syria", "isis", "election", "climate", "football", "markets",
            "oil", "ai", "health", "housing", "energy", "china", "ukraine", "travel", "film", "music", "tennis",
            "inflation", "rates", "space");
    static final List<String> COUNTRIES = List.of("US", "GB", "DE", "FR", "AU", "CA", "IN", "NZ", "IE", "ES");
    static final Instant NOW = Instant.parse("2026-11-25T15:00:00Z");

    InventoryIndex index;
    DecisionEngine engine;
    AdTokenCodec tokens;
    PageContext[] pages;
    int next;

    @Setup(Level.Trial)
    public void generateInventory() {
        SplittableRandom random = new SplittableRandom(2026);
        List<Slot> slots = new ArrayList<>();
        for (int s = 0; s < SLOTS; s++) {
            List<AdSize> accepted = new ArrayList<>();
            accepted.add(AdSize.parse(SIZES.get(s % SIZES.size())));
            if (random.nextBoolean()) {
                accepted.add(AdSize.parse(SIZES.get((s + 2) % SIZES.size())));
            }
            slots.add(new Slot("slot-" + s, 0, "Slot " + s, accepted, Set.of(), NOW));
        }
        List<Advertiser> advertisers = new ArrayList<>();
        for (int a = 0; a < 500; a++) {
            advertisers.add(new Advertiser("adv-" + a, 0, "Advertiser " + a, Advertiser.Status.ACTIVE, NOW));
        }
        List<Campaign> campaigns = new ArrayList<>();
        List<Creative> creatives = new ArrayList<>();
        for (int c = 0; c < CAMPAIGNS; c++) {
            String id = "cmp-" + c;
            int tierRoll = random.nextInt(100);
            Campaign.Tier tier = tierRoll < 5 ? Campaign.Tier.SPONSORSHIP
                    : tierRoll < 90 ? Campaign.Tier.STANDARD : Campaign.Tier.HOUSE;
            campaigns.add(new Campaign(id, 0, "adv-" + random.nextInt(500), id, Campaign.Status.ACTIVE,
                    NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(20)), tier, 1 + random.nextInt(100),
                    new Money(100 + random.nextInt(2000), "USD"),
                    random.nextInt(4) == 0 ? new DeliveryGoal(null, 1_000_000L + random.nextInt(1_000_000)) : DeliveryGoal.NONE,
                    random.nextBoolean() ? Campaign.Pacing.EVEN : Campaign.Pacing.ASAP,
                    random.nextInt(5) == 0 ? new FrequencyCap(3, 24) : null,
                    targeting(random), labels(random), NOW));
            int creativeCount = 1 + random.nextInt(3);
            for (int k = 0; k < creativeCount; k++) {
                creatives.add(new Creative(id + "-crv-" + k, 0, id, AdSize.parse(SIZES.get(random.nextInt(SIZES.size()))),
                        Creative.Format.IMAGE, "https://cdn.example/" + id + ".png", "alt", null, null,
                        "https://advertiser.example/" + id, Creative.ReviewStatus.APPROVED, NOW));
            }
        }
        index = InventoryIndex.build(slots, advertisers, campaigns, creatives, 1);
        // A ledger that never holds anyone back: the benchmark measures choosing, not running out of goals.
        engine = new DecisionEngine(new LocalDeliveryLedger(), ThreadLocalRandom::current);
        tokens = new AdTokenCodec(new HmacSigner(new SigningKeys("bench",
                Map.of("bench", "benchmark-secret-benchmark-secret-00"))), Duration.ofHours(2));
        pages = new PageContext[1024];
        for (int p = 0; p < pages.length; p++) {
            pages[p] = page(random);
        }
    }

    private static Targeting targeting(SplittableRandom random) {
        Set<String> slots = new HashSet<>();
        if (random.nextInt(10) != 0) {
            int count = 1 + random.nextInt(5);
            for (int i = 0; i < count; i++) {
                slots.add("slot-" + random.nextInt(SLOTS));
            }
        }
        return new Targeting(slots, pick(random, SECTIONS, 3, 2), pick(random, KEYWORDS, 4, 3),
                pick(random, COUNTRIES, 3, 2), random.nextInt(3) == 0 ? Set.of(DeviceType.DESKTOP) : Set.of(),
                random.nextInt(5) == 0 ? Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY) : Set.of(),
                random.nextInt(5) == 0 ? Set.of(8, 9, 10, 11, 12, 13, 14, 15, 16) : Set.of(),
                random.nextBoolean() ? "UTC" : "America/New_York");
    }

    /** Untargeted ("any") one time in {@code anyOneIn}, else up to {@code max} values. */
    private static Set<String> pick(SplittableRandom random, List<String> values, int max, int anyOneIn) {
        if (random.nextInt(anyOneIn) == 0) {
            return Set.of();
        }
        Set<String> picked = new HashSet<>();
        int count = 1 + random.nextInt(max);
        for (int i = 0; i < count; i++) {
            picked.add(values.get(random.nextInt(values.size())));
        }
        return picked;
    }

    private static Set<String> labels(SplittableRandom random) {
        return random.nextInt(3) == 0 ? Set.of("label-" + random.nextInt(30)) : Set.of();
    }

    private static PageContext page(SplittableRandom random) {
        List<PageContext.SlotRequest> requests = new ArrayList<>();
        Set<Integer> used = new HashSet<>();
        while (requests.size() < 4) {
            int slot = random.nextInt(SLOTS);
            if (used.add(slot)) {
                requests.add(new PageContext.SlotRequest("slot-" + slot, List.of()));
            }
        }
        return new PageContext(SECTIONS.get(random.nextInt(SECTIONS.size())),
                new HashSet<>(List.of(KEYWORDS.get(random.nextInt(KEYWORDS.size())),
                        KEYWORDS.get(random.nextInt(KEYWORDS.size())))),
                DeviceType.DESKTOP, COUNTRIES.get(random.nextInt(COUNTRIES.size())), null, requests);
    }

    private PageContext nextPage() {
        next = (next + 1) & (pages.length - 1);
        return pages[next];
    }

    /** The engine alone: throughput of 4-slot decisions per second on one core. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public PageDecision fourSlotDecision() {
        return engine.decide(index, nextPage(), ExposureHistory.EMPTY, NOW);
    }

    /** The same, sampled one by one for the latency distribution (p50, p99, p99.9). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public PageDecision fourSlotDecisionLatency() {
        return engine.decide(index, nextPage(), ExposureHistory.EMPTY, NOW);
    }

    /** Engine plus signing one beacon token per filled slot: the CPU work of the decision endpoint. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int fourSlotDecisionWithSignedUrls() {
        PageDecision decision = engine.decide(index, nextPage(), ExposureHistory.EMPTY, NOW);
        int length = 0;
        for (var placement : decision.placements().values()) {
            if (placement != null) {
                length += tokens.encode("decision-id-0001", placement.slot(), placement.campaign().advertiserId(),
                        placement.campaign().id(), placement.creative().id(), placement.campaign().cpm(), NOW).length();
            }
        }
        return length;
    }
}
