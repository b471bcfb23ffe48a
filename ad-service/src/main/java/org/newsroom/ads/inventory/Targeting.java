package org.newsroom.ads.inventory;

import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.Set;

/**
 * Where and when a campaign may serve. An empty set means "any". Keywords match if the page has at least one;
 * days and hours are read in {@code timeZone} (an IANA zone id such as {@code America/New_York}).
 */
public record Targeting(
        Set<String> slots,
        Set<String> sections,
        Set<String> keywords,
        Set<String> countries,
        Set<DeviceType> devices,
        Set<DayOfWeek> days,
        Set<Integer> hours,
        String timeZone) {

    public static final Targeting ANYWHERE = new Targeting(Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(),
            Set.of(), "UTC");

    public enum DeviceType { DESKTOP, TABLET, MOBILE }

    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }
}
