package org.newsroom.ads.decision;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.newsroom.ads.inventory.AdSize;
import org.newsroom.ads.inventory.Advertiser;
import org.newsroom.ads.inventory.Campaign;
import org.newsroom.ads.inventory.Creative;
import org.newsroom.ads.inventory.Slot;

/**
 * An immutable, read-optimised view of the live inventory: per slot and tier, the campaigns that could ever
 * serve there (active, advertiser active, an approved creative of a size the slot accepts, slot targeted).
 * Checks that depend on the moment or the page (flight dates, targeting, caps, pacing) happen per decision.
 * A change to the inventory builds a new index; decisions in flight keep the one they started with.
 */
public final class InventoryIndex {

    public static final InventoryIndex EMPTY = build(List.of(), List.of(), List.of(), List.of(), 0);

    /** A campaign ready to serve, with its approved creatives grouped by size and its time zone resolved. */
    public record ServableCampaign(Campaign campaign, Map<AdSize, List<Creative>> creativesBySize, ZoneId zone) {
    }

    /**
     * The candidates of one slot and tier for a page of one section: those targeting that section, then those
     * targeting every section. Splitting by section (an inverted index) spares checking most of the inventory.
     */
    public record Candidates(List<ServableCampaign> forSection, List<ServableCampaign> anySection) {

        static final Candidates NONE = new Candidates(List.of(), List.of());

        public int size() {
            return forSection.size() + anySection.size();
        }

        public ServableCampaign get(int i) {
            return i < forSection.size() ? forSection.get(i) : anySection.get(i - forSection.size());
        }
    }

    private record TierEntries(Map<String, List<ServableCampaign>> bySection, List<ServableCampaign> anySection) {
    }

    private final Map<String, Slot> slots;
    private final Map<String, Map<Campaign.Tier, TierEntries>> bySlotAndTier;
    private final long revision;
    private final int campaignCount;
    private final Map<String, String> clickUrls;
    private final Map<String, ZoneId> campaignZones;

    private InventoryIndex(Map<String, Slot> slots, Map<String, Map<Campaign.Tier, TierEntries>> bySlotAndTier,
            long revision, int campaignCount, Map<String, String> clickUrls, Map<String, ZoneId> campaignZones) {
        this.slots = slots;
        this.bySlotAndTier = bySlotAndTier;
        this.revision = revision;
        this.campaignCount = campaignCount;
        this.clickUrls = clickUrls;
        this.campaignZones = campaignZones;
    }

    public static InventoryIndex build(Collection<Slot> slots, Collection<Advertiser> advertisers,
            Collection<Campaign> campaigns, Collection<Creative> creatives, long revision) {
        Set<String> activeAdvertisers = new HashSet<>();
        for (Advertiser advertiser : advertisers) {
            if (advertiser.status() == Advertiser.Status.ACTIVE) {
                activeAdvertisers.add(advertiser.id());
            }
        }
        Map<String, Map<AdSize, List<Creative>>> approvedByCampaign = new HashMap<>();
        for (Creative creative : creatives) {
            if (creative.reviewStatus() == Creative.ReviewStatus.APPROVED) {
                approvedByCampaign.computeIfAbsent(creative.campaignId(), id -> new HashMap<>())
                        .computeIfAbsent(creative.size(), size -> new ArrayList<>()).add(creative);
            }
        }
        Map<String, Slot> slotsByKey = new LinkedHashMap<>();
        Map<String, Map<Campaign.Tier, List<ServableCampaign>>> index = new HashMap<>();
        for (Slot slot : slots) {
            slotsByKey.put(slot.id(), slot);
            index.put(slot.id(), new EnumMap<>(Campaign.Tier.class));
        }
        int servable = 0;
        for (Campaign campaign : campaigns) {
            Map<AdSize, List<Creative>> approved = approvedByCampaign.get(campaign.id());
            if (campaign.status() != Campaign.Status.ACTIVE || approved == null
                    || !activeAdvertisers.contains(campaign.advertiserId()) || campaign.weight() <= 0) {
                continue;
            }
            ServableCampaign entry = new ServableCampaign(campaign, freeze(approved), campaign.targeting().zone());
            boolean placed = false;
            for (Slot slot : slots) {
                Set<String> targetedSlots = campaign.targeting().slots();
                if ((targetedSlots.isEmpty() || targetedSlots.contains(slot.id()))
                        && slot.sizes().stream().anyMatch(approved::containsKey)) {
                    index.get(slot.id()).computeIfAbsent(campaign.tier(), tier -> new ArrayList<>()).add(entry);
                    placed = true;
                }
            }
            servable += placed ? 1 : 0;
        }
        Map<String, Map<Campaign.Tier, TierEntries>> frozen = new HashMap<>();
        index.forEach((slot, tiers) -> {
            Map<Campaign.Tier, TierEntries> copy = new EnumMap<>(Campaign.Tier.class);
            tiers.forEach((tier, list) -> copy.put(tier, bySection(list)));
            frozen.put(slot, copy);
        });
        // Clicks and delivery counting need every creative and campaign, servable or not: an ad shown before a pause
        // is still clicked and counted after it.
        Map<String, String> clickUrls = new HashMap<>();
        creatives.forEach(creative -> clickUrls.put(creative.id(), creative.clickUrl()));
        Map<String, ZoneId> zones = new HashMap<>();
        campaigns.forEach(campaign -> zones.put(campaign.id(), campaign.targeting().zone()));
        return new InventoryIndex(Map.copyOf(slotsByKey), frozen, revision, servable, Map.copyOf(clickUrls),
                Map.copyOf(zones));
    }

    private static TierEntries bySection(List<ServableCampaign> entries) {
        Map<String, List<ServableCampaign>> bySection = new HashMap<>();
        List<ServableCampaign> anySection = new ArrayList<>();
        for (ServableCampaign entry : entries) {
            Set<String> sections = entry.campaign().targeting().sections();
            if (sections.isEmpty()) {
                anySection.add(entry);
            }
            for (String section : sections) {
                bySection.computeIfAbsent(section, key -> new ArrayList<>()).add(entry);
            }
        }
        Map<String, List<ServableCampaign>> frozen = new HashMap<>();
        bySection.forEach((section, list) -> frozen.put(section, List.copyOf(list)));
        return new TierEntries(Map.copyOf(frozen), List.copyOf(anySection));
    }

    private static Map<AdSize, List<Creative>> freeze(Map<AdSize, List<Creative>> bySize) {
        Map<AdSize, List<Creative>> copy = new HashMap<>();
        bySize.forEach((size, list) -> copy.put(size, List.copyOf(list)));
        return Map.copyOf(copy);
    }

    public Slot slot(String key) {
        return slots.get(key);
    }

    /** @param section the page's section, or null for a page without one (only untargeted campaigns fit) */
    public Candidates candidates(String slotKey, Campaign.Tier tier, String section) {
        Map<Campaign.Tier, TierEntries> tiers = bySlotAndTier.get(slotKey);
        TierEntries entries = tiers == null ? null : tiers.get(tier);
        if (entries == null) {
            return Candidates.NONE;
        }
        List<ServableCampaign> forSection = section == null ? List.of()
                : entries.bySection().getOrDefault(section, List.of());
        return new Candidates(forSection, entries.anySection());
    }

    /** @return the creative's registered click-through URL, or null for an unknown creative */
    public String clickUrl(String creativeId) {
        return clickUrls.get(creativeId);
    }

    /** @return the campaign's time zone (its days for daily goals), UTC for an unknown campaign */
    public ZoneId campaignZone(String campaignId) {
        return campaignZones.getOrDefault(campaignId, ZoneOffset.UTC);
    }

    /** The inventory revision this index was built from. */
    public long revision() {
        return revision;
    }

    public int servableCampaigns() {
        return campaignCount;
    }
}
