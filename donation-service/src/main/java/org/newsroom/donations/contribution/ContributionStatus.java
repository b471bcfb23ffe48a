package org.newsroom.donations.contribution;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Where a contribution stands. The ledger only moves along these edges; anything else (a late "expired" after
 * "paid", a second "paid") is ignored, which is what lets webhooks arriving in any order converge:
 * <pre>
 * pending ──▶ paid ──▶ partially_refunded ──▶ refunded
 *    │          │  └──▶ refunded
 *    │          └──▶ disputed ──▶ dispute_won | dispute_lost
 *    ├──▶ failed
 *    └──▶ expired
 * </pre>
 */
public enum ContributionStatus {
    PENDING, PAID, FAILED, EXPIRED, PARTIALLY_REFUNDED, REFUNDED, DISPUTED, DISPUTE_WON, DISPUTE_LOST;

    /** Whether the ledger may move from this status to {@code next}. */
    public boolean canBecome(ContributionStatus next) {
        return successors().contains(next);
    }

    /** Money was collected at some point: counts in gross totals (refunds and disputes are then subtracted). */
    public boolean collected() {
        return this != PENDING && this != FAILED && this != EXPIRED;
    }

    /** The stored names of every status in which money was collected, for queries over the ledger. */
    public static List<String> collectedNames() {
        List<String> names = new ArrayList<>();
        for (ContributionStatus status : values()) {
            if (status.collected()) {
                names.add(status.name());
            }
        }
        return names;
    }

    public boolean isFinal() {
        return successors().isEmpty();
    }

    private Set<ContributionStatus> successors() {
        return switch (this) {
            case PENDING -> EnumSet.of(PAID, FAILED, EXPIRED);
            case PAID -> EnumSet.of(PARTIALLY_REFUNDED, REFUNDED, DISPUTED);
            case PARTIALLY_REFUNDED -> EnumSet.of(PARTIALLY_REFUNDED, REFUNDED, DISPUTED);
            case DISPUTED -> EnumSet.of(DISPUTE_WON, DISPUTE_LOST);
            // A failed async payment can still succeed later (Stripe retries bank debits); expiry is final.
            case FAILED -> EnumSet.of(PAID);
            case EXPIRED, REFUNDED, DISPUTE_WON, DISPUTE_LOST -> EnumSet.noneOf(ContributionStatus.class);
        };
    }
}
