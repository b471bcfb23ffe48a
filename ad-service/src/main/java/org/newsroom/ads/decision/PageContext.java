package org.newsroom.ads.decision;

import java.util.List;
import java.util.Set;

import org.newsroom.ads.inventory.AdSize;
import org.newsroom.ads.inventory.Targeting.DeviceType;

/**
 * One page view asking for all its slots at once.
 *
 * @param readerId     only present when the reader consented to personalisation; otherwise null
 * @param slotRequests in page order: earlier slots get first pick of the inventory
 */
public record PageContext(
        String section,
        Set<String> keywords,
        DeviceType device,
        String country,
        String readerId,
        List<SlotRequest> slotRequests) {

    /** @param sizes the sizes the page can render here; empty means every size the slot accepts */
    public record SlotRequest(String slot, List<AdSize> sizes) {
    }

    public boolean personalised() {
        return readerId != null;
    }
}
