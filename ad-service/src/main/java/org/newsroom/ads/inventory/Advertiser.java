package org.newsroom.ads.inventory;

import java.time.Instant;

public record Advertiser(String id, long version, String name, Status status, Instant updatedAt) {

    public enum Status { ACTIVE, PAUSED }
}
