package org.newsroom.ads.decision;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.newsroom.ads.inventory.Campaign;
import org.newsroom.ads.inventory.DeliveryGoal;

/**
 * How much a campaign should be pushed right now, as a multiplier of its lottery weight.
 * 0 holds it back: its lifetime goal or daily cap is met, or (even pacing) it is ahead of schedule.
 * An even-paced campaign behind schedule gets up to {@link #MAX_CATCH_UP}x its weight to catch up.
 */
public final class PacingPolicy {

    static final double MAX_CATCH_UP = 4.0;

    private final DeliveryLedger ledger;

    public PacingPolicy(DeliveryLedger ledger) {
        this.ledger = ledger;
    }

    /** Where "now" falls in a campaign's local day; computed once per zone per page, not per campaign. */
    public record LocalDay(LocalDate date, double elapsedFraction) {

        public static LocalDay of(Instant now, ZoneId zone) {
            LocalDate date = now.atZone(zone).toLocalDate();
            ZonedDateTime start = date.atStartOfDay(zone);
            return new LocalDay(date, fractionElapsed(start.toInstant(), start.plusDays(1).toInstant(), now));
        }
    }

    public double factor(Campaign campaign, LocalDay localDay, Instant now) {
        DeliveryGoal goal = campaign.goal();
        Long lifetime = goal.lifetimeImpressions();
        Long daily = goal.dailyImpressions();
        long total = lifetime == null ? 0 : ledger.deliveredInTotal(campaign.id());
        if (lifetime != null && total >= lifetime) {
            return 0;
        }
        long today = daily == null ? 0 : ledger.deliveredOn(campaign.id(), localDay.date());
        if (daily != null && today >= daily) {
            return 0;
        }
        if (campaign.pacing() != Campaign.Pacing.EVEN) {
            return 1;
        }
        if (daily != null) {
            return evenFactor(today, daily, localDay.elapsedFraction());
        }
        if (lifetime != null) {
            return evenFactor(total, lifetime, fractionElapsed(campaign.startsAt(), campaign.endsAt(), now));
        }
        return 1;
    }

    /** Even pacing: the delivery line runs from 0 at the period's start to the goal at its end. */
    private static double evenFactor(long delivered, long goal, double elapsed) {
        double target = goal * elapsed;
        double slack = Math.max(1.0, goal * 0.01);
        if (delivered >= target + slack) {
            return 0;
        }
        double behind = target - delivered;
        return behind <= 0 ? 1 : Math.min(MAX_CATCH_UP, 1 + behind / slack);
    }

    private static double fractionElapsed(Instant start, Instant end, Instant now) {
        long length = Duration.between(start, end).toMillis();
        if (length <= 0) {
            return 1;
        }
        long elapsed = Duration.between(start, now).toMillis();
        return Math.clamp((double) elapsed / length, 0.0, 1.0);
    }
}
