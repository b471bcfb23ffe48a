package org.newsroom.ads.decision;

import java.util.random.RandomGenerator;

/** Draws index i with probability weights[i] / sum(weights), in one pass and one random number. */
final class WeightedLottery {

    private WeightedLottery() {
    }

    /** @return the drawn index, or -1 when no weight is positive */
    static int draw(double[] weights, int count, RandomGenerator random) {
        double total = 0;
        for (int i = 0; i < count; i++) {
            total += weights[i];
        }
        if (total <= 0) {
            return -1;
        }
        double point = random.nextDouble() * total;
        for (int i = 0; i < count; i++) {
            point -= weights[i];
            if (point < 0 && weights[i] > 0) {
                return i;
            }
        }
        // Floating-point rounding left the point at the very end: the last positive weight wins.
        for (int i = count - 1; i >= 0; i--) {
            if (weights[i] > 0) {
                return i;
            }
        }
        return -1;
    }
}
