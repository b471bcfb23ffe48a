package org.newsroom.ads.decision;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import org.newsroom.ads.decision.ExposureHistory.Exposure;
import org.newsroom.ads.decision.InventoryIndex.ServableCampaign;
import org.newsroom.ads.decision.PageContext.SlotRequest;
import org.newsroom.ads.inventory.AdSize;
import org.newsroom.ads.inventory.Campaign;
import org.newsroom.ads.inventory.Creative;
import org.newsroom.ads.inventory.FrequencyCap;
import org.newsroom.ads.inventory.Slot;
import org.newsroom.ads.inventory.Targeting;

/**
 * Chooses a creative for every slot of a page in one pass, from an in-memory {@link InventoryIndex}:
 * no I/O, no locks. Slots are filled in page order; for each, the highest tier with an eligible campaign wins
 * and a weighted lottery (weight x pacing factor) picks within it. A page never shows one campaign twice nor two
 * campaigns sharing an exclusion label. Frequency caps are read from, and recorded into, the reader's history.
 */
public final class DecisionEngine {

    /** How long exposures are remembered: the longest frequency-cap period honoured. */
    public static final Duration HISTORY_RETENTION = Duration.ofDays(30);

    private static final Campaign.Tier[] TIERS_IN_ORDER = Campaign.Tier.values();

    private final PacingPolicy pacing;
    private final DeliveryLedger ledger;
    private final Supplier<RandomGenerator> random;

    public DecisionEngine(DeliveryLedger ledger, Supplier<RandomGenerator> random) {
        this.ledger = ledger;
        this.pacing = new PacingPolicy(ledger);
        this.random = random;
    }

    /** A filled slot. */
    public record Placement(String slot, Campaign campaign, Creative creative) {
    }

    /**
     * @param placements by slot key in request order; a null value means no fill (the page collapses the slot)
     * @param history    the reader's updated history, or null when the page is not personalised
     */
    public record PageDecision(Map<String, Placement> placements, ExposureHistory history) {
    }

    public PageDecision decide(InventoryIndex index, PageContext page, ExposureHistory history, Instant now) {
        PageState state = new PageState(page, page.personalised() ? history : ExposureHistory.EMPTY, now);
        Map<String, Placement> placements = new LinkedHashMap<>();
        for (SlotRequest request : page.slotRequests()) {
            if (placements.containsKey(request.slot())) {
                continue; // a slot asked for twice is filled once
            }
            placements.put(request.slot(), fill(index, request, state));
        }
        ExposureHistory updated = page.personalised()
                ? state.history.plus(state.newExposures, now, HISTORY_RETENTION)
                : null;
        return new PageDecision(placements, updated);
    }

    private Placement fill(InventoryIndex index, SlotRequest request, PageState state) {
        Slot slot = index.slot(request.slot());
        if (slot == null) {
            return null;
        }
        List<AdSize> sizes = renderableSizes(slot, request);
        if (sizes.isEmpty()) {
            return null;
        }
        for (Campaign.Tier tier : TIERS_IN_ORDER) {
            InventoryIndex.Candidates candidates = index.candidates(slot.id(), tier, state.page.section());
            int n = candidates.size();
            if (n == 0) {
                continue;
            }
            double[] weights = state.weights(n);
            int eligible = 0;
            for (int i = 0; i < n; i++) {
                weights[i] = weight(candidates.get(i), sizes, state);
                eligible += weights[i] > 0 ? 1 : 0;
            }
            if (eligible == 0) {
                continue;
            }
            RandomGenerator rng = random.get();
            ServableCampaign winner = candidates.get(WeightedLottery.draw(weights, n, rng));
            Creative creative = pickCreative(winner, sizes, rng);
            state.record(winner.campaign());
            ledger.recordServed(winner.campaign().id(), state.localDay(winner.zone()).date());
            return new Placement(slot.id(), winner.campaign(), creative);
        }
        return null;
    }

    /** The lottery weight of a candidate on this page now: 0 when it must not serve. */
    private double weight(ServableCampaign candidate, List<AdSize> sizes, PageState state) {
        Campaign campaign = candidate.campaign();
        // Cheapest and most selective checks first: this runs for every candidate of every slot.
        if (!matches(campaign.targeting(), candidate.zone(), state)
                || !campaign.isInFlight(state.now)
                || state.usedCampaigns.contains(campaign.id())
                || sharesLabel(campaign.exclusionLabels(), state.usedLabels)
                || !underFrequencyCap(campaign, state)
                || !hasCreative(candidate, sizes)) {
            return 0;
        }
        return campaign.weight() * pacing.factor(campaign, state.localDay(candidate.zone()), state.now);
    }

    private static List<AdSize> renderableSizes(Slot slot, SlotRequest request) {
        if (request.sizes().isEmpty()) {
            return slot.sizes();
        }
        List<AdSize> sizes = new ArrayList<>(request.sizes().size());
        for (AdSize size : request.sizes()) {
            if (slot.accepts(size)) {
                sizes.add(size);
            }
        }
        return sizes;
    }

    private static boolean hasCreative(ServableCampaign candidate, List<AdSize> sizes) {
        for (AdSize size : sizes) {
            if (candidate.creativesBySize().containsKey(size)) {
                return true;
            }
        }
        return false;
    }

    private static Creative pickCreative(ServableCampaign winner, List<AdSize> sizes, RandomGenerator rng) {
        List<Creative> fitting = new ArrayList<>();
        for (AdSize size : sizes) {
            fitting.addAll(winner.creativesBySize().getOrDefault(size, List.of()));
        }
        return fitting.get(rng.nextInt(fitting.size()));
    }

    private static boolean sharesLabel(Set<String> labels, Set<String> used) {
        for (String label : labels) {
            if (used.contains(label)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(Targeting targeting, ZoneId zone, PageState state) {
        PageContext page = state.page;
        if (!targeting.sections().isEmpty() && !targeting.sections().contains(page.section())) {
            return false;
        }
        if (!targeting.keywords().isEmpty() && !overlaps(targeting.keywords(), page.keywords())) {
            return false;
        }
        if (!targeting.countries().isEmpty() && !targeting.countries().contains(page.country())) {
            return false;
        }
        if (!targeting.devices().isEmpty() && !targeting.devices().contains(page.device())) {
            return false;
        }
        if (!targeting.days().isEmpty() || !targeting.hours().isEmpty()) {
            ZonedDateTime local = state.localTime(zone);
            return (targeting.days().isEmpty() || targeting.days().contains(local.getDayOfWeek()))
                    && (targeting.hours().isEmpty() || targeting.hours().contains(local.getHour()));
        }
        return true;
    }

    private static boolean overlaps(Set<String> wanted, Set<String> present) {
        for (String keyword : present) {
            if (wanted.contains(keyword)) {
                return true;
            }
        }
        return false;
    }

    /** A capped campaign needs a consenting, identified reader: without one its cap could not be honoured. */
    private static boolean underFrequencyCap(Campaign campaign, PageState state) {
        FrequencyCap cap = campaign.frequencyCap();
        if (cap == null) {
            return true;
        }
        if (!state.page.personalised()) {
            return false;
        }
        Instant since = state.now.minus(cap.period());
        int seen = state.history.countSince(campaign.id(), since);
        for (Exposure fresh : state.newExposures) {
            seen += fresh.campaignId().equals(campaign.id()) ? 1 : 0;
        }
        return seen < cap.impressions();
    }

    /** What one page's decision has used so far, and per-zone clock readings computed once. */
    private static final class PageState {
        final PageContext page;
        final ExposureHistory history;
        final Instant now;
        final Set<String> usedCampaigns = new HashSet<>();
        final Set<String> usedLabels = new HashSet<>();
        final List<Exposure> newExposures = new ArrayList<>();
        private final Map<ZoneId, ZonedDateTime> localTimes = new HashMap<>(4);
        private final Map<ZoneId, PacingPolicy.LocalDay> localDays = new HashMap<>(4);
        private double[] weights = new double[64];

        PageState(PageContext page, ExposureHistory history, Instant now) {
            this.page = page;
            this.history = history;
            this.now = now;
        }

        double[] weights(int size) {
            if (weights.length < size) {
                weights = new double[Math.max(size, weights.length * 2)];
            }
            return weights;
        }

        ZonedDateTime localTime(ZoneId zone) {
            return localTimes.computeIfAbsent(zone, now::atZone);
        }

        PacingPolicy.LocalDay localDay(ZoneId zone) {
            return localDays.computeIfAbsent(zone, z -> PacingPolicy.LocalDay.of(now, z));
        }

        void record(Campaign campaign) {
            usedCampaigns.add(campaign.id());
            usedLabels.addAll(campaign.exclusionLabels());
            if (campaign.frequencyCap() != null) {
                newExposures.add(new Exposure(campaign.id(), now));
            }
        }
    }
}
