package org.newsroom.donations.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.newsroom.donations.contribution.Frequency;

/** The "from $1" rule and its neighbours hold for every amount, not just the ones we thought of. */
class DonationLimitsProperties {

    private final DonationLimits limits = new DonationLimits(Set.of("USD", "GBP", "EUR", "AUD", "CAD", "NZD"), Map.of(
            Frequency.ONE_OFF, new DonationLimits.Range(1, 10_000),
            Frequency.MONTHLY, new DonationLimits.Range(2, 10_000),
            Frequency.ANNUAL, new DonationLimits.Range(10, 10_000)));

    @Property
    void oneOffAcceptsExactlyOneToTenThousandDollars(@ForAll @LongRange(min = -1_000, max = 2_000_000) long cents) {
        boolean accepted = limits.check(cents, "usd", Frequency.ONE_OFF) == null;
        assertThat(accepted).isEqualTo(cents >= 100 && cents <= 1_000_000);
    }

    @Property
    void recurringMinimumsAreTwoMonthlyAndTenAnnually(@ForAll @LongRange(min = 0, max = 5_000) long pence) {
        assertThat(limits.check(pence, "GBP", Frequency.MONTHLY) == null).isEqualTo(pence >= 200);
        assertThat(limits.check(pence, "GBP", Frequency.ANNUAL) == null).isEqualTo(pence >= 1_000);
    }

    @Property
    void anUnsupportedCurrencyIsRefusedWhateverTheAmount(@ForAll @LongRange(min = 100, max = 100_000) long amount) {
        assertThat(limits.check(amount, "JPY", Frequency.ONE_OFF).field()).isEqualTo("currency");
        assertThat(limits.check(amount, "XXX", Frequency.ONE_OFF).field()).isEqualTo("currency");
    }
}
