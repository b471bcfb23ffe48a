package org.newsroom.ads.inventory.store;

import java.time.Duration;
import java.time.Instant;

import org.newsroom.ads.decision.InventoryIndex;
import org.newsroom.ads.inventory.Advertiser;
import org.newsroom.ads.inventory.Campaign;
import org.newsroom.ads.inventory.Creative;
import org.newsroom.ads.inventory.Slot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Holds the decision engine's current {@link InventoryIndex} and keeps it fresh: every poll reads the inventory
 * revision (one tiny document) and rebuilds the index when it moved, so a change made through any instance's
 * management API reaches every instance's decisions within one poll interval plus a rebuild. A periodic full
 * reload covers a write whose revision increment was lost.
 */
@Component
public class LiveInventory {

    private static final Logger log = LoggerFactory.getLogger(LiveInventory.class);
    private static final Duration FULL_RELOAD_EVERY = Duration.ofMinutes(1);

    private final InventoryStore store;
    private volatile InventoryIndex index = InventoryIndex.EMPTY;
    private volatile Instant lastFullLoad = Instant.EPOCH;

    public LiveInventory(InventoryStore store) {
        this.store = store;
    }

    /** The index decisions use now; never null, never blocks. */
    public InventoryIndex current() {
        return index;
    }

    @Scheduled(fixedDelayString = "${ads.inventory.poll-interval:500ms}", initialDelay = 0)
    public void refresh() {
        try {
            long revision = store.revision();
            boolean stale = Instant.now().isAfter(lastFullLoad.plus(FULL_RELOAD_EVERY));
            if (revision != index.revision() || stale) {
                reload(revision);
            }
        } catch (RuntimeException e) {
            // Keep serving the last good index; the next poll retries.
            log.warn("Inventory refresh failed, still serving revision {}: {}", index.revision(), e.toString());
        }
    }

    private void reload(long revision) {
        long started = System.nanoTime();
        InventoryIndex fresh = InventoryIndex.build(store.findAll(Slot.class), store.findAll(Advertiser.class),
                store.findAll(Campaign.class), store.findAll(Creative.class), revision);
        boolean changed = revision != index.revision();
        index = fresh;
        lastFullLoad = Instant.now();
        if (changed) {
            log.info("Inventory revision {} loaded: {} servable campaigns in {} ms", revision,
                    fresh.servableCampaigns(), (System.nanoTime() - started) / 1_000_000);
        }
    }
}
