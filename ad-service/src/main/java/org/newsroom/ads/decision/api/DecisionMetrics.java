package org.newsroom.ads.decision.api;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * What operations watch on the decision path (docs/operations.md): decisions per second and their latency as a
 * histogram (so a p99 can be taken across instances), and slots filled or left empty (the fill rate).
 */
@Component
class DecisionMetrics {

    private final Timer decisions;
    private final Counter filled;
    private final Counter unfilled;

    DecisionMetrics(MeterRegistry meters) {
        this.decisions = Timer.builder("ads.decisions")
                .description("Page decisions: one per request, all of a page's slots")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(1))
                .register(meters);
        this.filled = Counter.builder("ads.decision.slots").tag("outcome", "filled")
                .description("Slots asked for, by whether a creative was chosen").register(meters);
        this.unfilled = Counter.builder("ads.decision.slots").tag("outcome", "unfilled")
                .description("Slots asked for, by whether a creative was chosen").register(meters);
    }

    void record(DecisionResponse response, long startedNanos) {
        decisions.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
        int filledSlots = 0;
        for (DecisionResponse.AdView view : response.decisions().values()) {
            if (view != null) {
                filledSlots++;
            }
        }
        filled.increment(filledSlots);
        unfilled.increment(response.decisions().size() - filledSlots);
    }
}
