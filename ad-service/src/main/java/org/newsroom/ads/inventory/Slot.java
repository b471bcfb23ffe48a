package org.newsroom.ads.inventory;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An ad unit of the publisher's pages, such as {@code banner-top}.
 *
 * @param id       the slot key the page uses
 * @param sections the page sections where the slot appears; empty means every section
 */
public record Slot(String id, long version, String name, List<AdSize> sizes, Set<String> sections,
        Instant updatedAt) {

    public boolean accepts(AdSize size) {
        return sizes.contains(size);
    }
}
