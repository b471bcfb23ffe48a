package org.newsroom.donations.contribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.newsroom.donations.contribution.ContributionStatus.DISPUTED;
import static org.newsroom.donations.contribution.ContributionStatus.DISPUTE_LOST;
import static org.newsroom.donations.contribution.ContributionStatus.DISPUTE_WON;
import static org.newsroom.donations.contribution.ContributionStatus.EXPIRED;
import static org.newsroom.donations.contribution.ContributionStatus.FAILED;
import static org.newsroom.donations.contribution.ContributionStatus.PAID;
import static org.newsroom.donations.contribution.ContributionStatus.PARTIALLY_REFUNDED;
import static org.newsroom.donations.contribution.ContributionStatus.PENDING;
import static org.newsroom.donations.contribution.ContributionStatus.REFUNDED;

import org.junit.jupiter.api.Test;

class ContributionStatusTest {

    @Test
    void aPendingContributionIsPaidFailedOrExpiredAndNothingElse() {
        assertThat(PENDING.canBecome(PAID)).isTrue();
        assertThat(PENDING.canBecome(FAILED)).isTrue();
        assertThat(PENDING.canBecome(EXPIRED)).isTrue();
        assertThat(PENDING.canBecome(REFUNDED)).isFalse();
        assertThat(PENDING.canBecome(DISPUTED)).isFalse();
    }

    @Test
    void aPaidContributionIsNeverUnpaidByALateExpiryOrFailure() {
        assertThat(PAID.canBecome(EXPIRED)).isFalse();
        assertThat(PAID.canBecome(FAILED)).isFalse();
        assertThat(PAID.canBecome(PENDING)).isFalse();
        assertThat(PAID.canBecome(PAID)).isFalse();
    }

    @Test
    void refundsAndDisputesFollowPayment() {
        assertThat(PAID.canBecome(PARTIALLY_REFUNDED)).isTrue();
        assertThat(PARTIALLY_REFUNDED.canBecome(PARTIALLY_REFUNDED)).isTrue();
        assertThat(PARTIALLY_REFUNDED.canBecome(REFUNDED)).isTrue();
        assertThat(PAID.canBecome(DISPUTED)).isTrue();
        assertThat(DISPUTED.canBecome(DISPUTE_WON)).isTrue();
        assertThat(DISPUTED.canBecome(DISPUTE_LOST)).isTrue();
        assertThat(REFUNDED.isFinal()).isTrue();
        assertThat(DISPUTE_LOST.isFinal()).isTrue();
    }

    @Test
    void onlyCollectedMoneyCountsAsCollected() {
        assertThat(PENDING.collected()).isFalse();
        assertThat(FAILED.collected()).isFalse();
        assertThat(EXPIRED.collected()).isFalse();
        assertThat(PAID.collected()).isTrue();
        assertThat(REFUNDED.collected()).isTrue();
    }

    @Test
    void moneyIsWrittenWithTheCurrencysOwnDecimals() {
        assertThat(new Money(100, "usd").decimal()).isEqualTo("1.00");
        assertThat(new Money(100, "JPY").decimal()).isEqualTo("100");
        assertThat(new Money(123456, "GBP").decimal()).isEqualTo("1234.56");
    }
}
