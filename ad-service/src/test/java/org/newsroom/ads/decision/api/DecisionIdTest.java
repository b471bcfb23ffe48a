package org.newsroom.ads.decision.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class DecisionIdTest {

    @Test
    void idsHaveOneLengthAndSortByTheTimeOfTheDecision() {
        long start = Instant.parse("2026-11-28T00:00:00Z").toEpochMilli();
        List<String> ids = new ArrayList<>();
        for (long millis = start; millis < start + 5_000; millis += 7) {
            ids.add(PageDecider.newDecisionId(millis));
        }
        assertThat(ids).allSatisfy(id -> assertThat(id).hasSize(35).matches("[0-9a-z]+"));
        // Index locality depends on this: later decisions sort after earlier ones, as strings.
        assertThat(ids).isSorted();
        assertThat(PageDecider.newDecisionId(0)).startsWith("000000000");
        assertThat(PageDecider.newDecisionId(Instant.parse("4999-12-31T23:59:59Z").toEpochMilli())).hasSize(35);
    }

    @Test
    void decisionsInTheSameMillisecondGetDifferentIds() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(PageDecider.newDecisionId(1_700_000_000_000L));
        }
        assertThat(ids).hasSize(100_000);
    }
}
