package org.newsroom.ads.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.newsroom.ads.decision.TestInventory.NOW;
import static org.newsroom.ads.decision.TestInventory.campaign;
import static org.newsroom.ads.decision.TestInventory.page;
import static org.newsroom.ads.decision.TestInventory.personalisedPage;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.newsroom.ads.decision.DecisionEngine.PageDecision;
import org.newsroom.ads.decision.DecisionEngine.Placement;
import org.newsroom.ads.decision.ExposureHistory.Exposure;
import org.newsroom.ads.inventory.AdSize;
import org.newsroom.ads.inventory.Advertiser;
import org.newsroom.ads.inventory.Campaign;
import org.newsroom.ads.inventory.Campaign.Tier;
import org.newsroom.ads.inventory.Creative;
import org.newsroom.ads.inventory.Targeting.DeviceType;

class DecisionEngineTest {

    private final LocalDeliveryLedger ledger = new LocalDeliveryLedger();
    private final SplittableRandom random = new SplittableRandom(42);
    private final DecisionEngine engine = new DecisionEngine(ledger, () -> random);

    private TestInventory banner() {
        return new TestInventory().slot("banner-top", "728x90", "970x250");
    }

    private String campaignIn(InventoryIndex index, PageContext page, String slot) {
        Placement placement = engine.decide(index, page, ExposureHistory.EMPTY, NOW).placements().get(slot);
        return placement == null ? null : placement.campaign().id();
    }

    @Nested
    class Rule1OnlyEligibleCreatives {

        @Test
        void activeCampaignInFlightWithApprovedCreativeOfAnAcceptedSizeServes() {
            InventoryIndex index = banner().campaign(campaign("ok"), "728x90").index();
            Placement placement = engine.decide(index, page("banner-top"), ExposureHistory.EMPTY, NOW)
                    .placements().get("banner-top");
            assertThat(placement.campaign().id()).isEqualTo("ok");
            assertThat(placement.creative().size()).isEqualTo(new AdSize(728, 90));
        }

        @Test
        void pausedDraftOrEndedCampaignsNeverServe() {
            InventoryIndex index = banner()
                    .campaign(campaign("paused").status(Campaign.Status.PAUSED), "728x90")
                    .campaign(campaign("draft").status(Campaign.Status.DRAFT), "728x90")
                    .campaign(campaign("ended").status(Campaign.Status.ENDED), "728x90").index();
            assertThat(campaignIn(index, page("banner-top"), "banner-top")).isNull();
        }

        @Test
        void campaignsOutsideTheirFlightNeverServe() {
            InventoryIndex index = banner()
                    .campaign(campaign("future").flight(NOW.plusSeconds(60), NOW.plusSeconds(3600)), "728x90")
                    .campaign(campaign("past").flight(NOW.minusSeconds(3600), NOW), "728x90").index();
            assertThat(campaignIn(index, page("banner-top"), "banner-top")).isNull();
        }

        @Test
        void pendingOrRejectedCreativesAndPausedAdvertisersNeverServe() {
            InventoryIndex index = banner()
                    .campaign(campaign("pending"))
                    .creative(TestInventory.creative("c1", "pending", "728x90", Creative.ReviewStatus.PENDING))
                    .campaign(campaign("rejected"))
                    .creative(TestInventory.creative("c2", "rejected", "728x90", Creative.ReviewStatus.REJECTED))
                    .advertiser("adv-paused", Advertiser.Status.PAUSED)
                    .campaign(campaign("of-paused-advertiser").advertiser("adv-paused"), "728x90").index();
            assertThat(campaignIn(index, page("banner-top"), "banner-top")).isNull();
        }

        @Test
        void aCreativeOfASizeTheSlotOrPageCannotRenderNeverServes() {
            InventoryIndex index = banner().campaign(campaign("mpu"), "300x250").index();
            assertThat(campaignIn(index, page("banner-top"), "banner-top")).isNull();

            InventoryIndex wide = banner().campaign(campaign("wide"), "970x250").index();
            PageContext narrowPage = new PageContext("world", java.util.Set.of(), DeviceType.DESKTOP, "US", null,
                    List.of(new PageContext.SlotRequest("banner-top", List.of(new AdSize(728, 90)))));
            assertThat(campaignIn(wide, narrowPage, "banner-top")).isNull();
        }

        @Test
        void slotSectionKeywordCountryAndDeviceTargetingMustAllMatch() {
            InventoryIndex index = banner().slot("inline-1", "300x250")
                    .campaign(campaign("other-slot").slots("inline-1"), "728x90", "300x250")
                    .campaign(campaign("sport").sections("sport"), "728x90")
                    .campaign(campaign("football").keywords("football"), "728x90")
                    .campaign(campaign("uk").countries("GB"), "728x90")
                    .campaign(campaign("mobile").devices(DeviceType.MOBILE), "728x90").index();
            assertThat(campaignIn(index, page("banner-top"), "banner-top")).isNull();
            assertThat(campaignIn(index, page("inline-1"), "inline-1")).isEqualTo("other-slot");
        }

        @Test
        void matchingTargetingServes() {
            InventoryIndex index = banner()
                    .campaign(campaign("fits").sections("world").keywords("syria", "iraq").countries("US")
                            .devices(DeviceType.DESKTOP), "728x90").index();
            assertThat(campaignIn(index, page("banner-top"), "banner-top")).isEqualTo("fits");
        }

        @Test
        void dayAndHourTargetingIsReadInTheCampaignsTimeZone() {
            // NOW is Wednesday 15:00 UTC, which is Wednesday 10:00 in New York.
            InventoryIndex newYorkMornings = banner()
                    .campaign(campaign("ny").days(DayOfWeek.WEDNESDAY).hours(9, 10, 11).zone("America/New_York"),
                            "728x90").index();
            InventoryIndex utcMornings = banner()
                    .campaign(campaign("utc").days(DayOfWeek.WEDNESDAY).hours(9, 10, 11), "728x90").index();
            InventoryIndex weekends = banner()
                    .campaign(campaign("weekend").days(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), "728x90").index();

            assertThat(campaignIn(newYorkMornings, page("banner-top"), "banner-top")).isEqualTo("ny");
            assertThat(campaignIn(utcMornings, page("banner-top"), "banner-top")).isNull();
            assertThat(campaignIn(weekends, page("banner-top"), "banner-top")).isNull();
        }
    }

    @Nested
    class Rule2TiersThenWeightedLottery {

        @Test
        void sponsorshipBeatsStandardWhateverTheWeights() {
            InventoryIndex index = banner()
                    .campaign(campaign("standard").tier(Tier.STANDARD).weight(1000), "728x90")
                    .campaign(campaign("sponsor").tier(Tier.SPONSORSHIP).weight(1), "728x90")
                    .campaign(campaign("house").tier(Tier.HOUSE).weight(1000), "728x90").index();
            for (int i = 0; i < 200; i++) {
                assertThat(campaignIn(index, page("banner-top"), "banner-top")).isEqualTo("sponsor");
            }
        }

        @Test
        void houseFillsWhatPaidTiersLeaveAndNothingEligibleIsNull() {
            InventoryIndex index = banner().slot("inline-1", "300x250")
                    .campaign(campaign("paid").slots("banner-top"), "728x90")
                    .campaign(campaign("house").tier(Tier.HOUSE), "300x250").index();
            PageDecision decision = engine.decide(index, page("banner-top", "inline-1", "unknown-slot"),
                    ExposureHistory.EMPTY, NOW);

            assertThat(decision.placements().get("banner-top").campaign().id()).isEqualTo("paid");
            assertThat(decision.placements().get("inline-1").campaign().id()).isEqualTo("house");
            assertThat(decision.placements()).containsEntry("unknown-slot", null);
        }

        @Test
        void withinATierTheLotteryFollowsTheWeights() {
            InventoryIndex index = banner()
                    .campaign(campaign("heavy").weight(3), "728x90")
                    .campaign(campaign("light").weight(1), "728x90").index();
            int heavy = 0;
            int draws = 20_000;
            for (int i = 0; i < draws; i++) {
                heavy += "heavy".equals(campaignIn(index, page("banner-top"), "banner-top")) ? 1 : 0;
            }
            assertThat((double) heavy / draws).isBetween(0.73, 0.77);
        }
    }

    @Nested
    class Rule3SeparationOnOnePage {

        @Test
        void oneCampaignNeverFillsTwoSlotsOfAPage() {
            InventoryIndex index = new TestInventory().slot("inline-1", "300x250").slot("inline-2", "300x250")
                    .campaign(campaign("only"), "300x250").index();
            PageDecision decision = engine.decide(index, page("inline-1", "inline-2"), ExposureHistory.EMPTY, NOW);

            assertThat(decision.placements().get("inline-1").campaign().id()).isEqualTo("only");
            assertThat(decision.placements().get("inline-2")).isNull();
        }

        @Test
        void campaignsSharingAnExclusionLabelNeverShareAPage() {
            InventoryIndex index = new TestInventory().slot("inline-1", "300x250").slot("inline-2", "300x250")
                    .campaign(campaign("airline-a").labels("airlines"), "300x250")
                    .campaign(campaign("airline-b").labels("airlines", "travel"), "300x250")
                    .campaign(campaign("bank").labels("finance").tier(Tier.HOUSE), "300x250").index();
            for (int i = 0; i < 100; i++) {
                PageDecision decision = engine.decide(index, page("inline-1", "inline-2"), ExposureHistory.EMPTY, NOW);
                assertThat(decision.placements().get("inline-1").campaign().id()).startsWith("airline-");
                assertThat(decision.placements().get("inline-2").campaign().id()).isEqualTo("bank");
            }
        }
    }

    @Nested
    class Rule4FrequencyCaps {

        @Test
        void aReaderAtTheCapIsNotShownTheCampaignAgainWithinThePeriod() {
            InventoryIndex index = banner().campaign(campaign("capped").cap(2, 24), "728x90").index();
            ExposureHistory history = new ExposureHistory(List.of(
                    new Exposure("capped", NOW.minusSeconds(3600)), new Exposure("capped", NOW.minusSeconds(60))));

            PageDecision decision = engine.decide(index, personalisedPage("reader-1", "banner-top"), history, NOW);

            assertThat(decision.placements().get("banner-top")).isNull();
        }

        @Test
        void exposuresOlderThanThePeriodNoLongerCount() {
            InventoryIndex index = banner().campaign(campaign("capped").cap(1, 24), "728x90").index();
            ExposureHistory history = new ExposureHistory(List.of(new Exposure("capped", NOW.minusSeconds(90_000))));

            PageDecision decision = engine.decide(index, personalisedPage("reader-1", "banner-top"), history, NOW);

            assertThat(decision.placements().get("banner-top").campaign().id()).isEqualTo("capped");
            assertThat(decision.history().countSince("capped", NOW.minusSeconds(60))).isEqualTo(1);
        }

        @Test
        void successiveDecisionsStopAtTheCap() {
            InventoryIndex index = banner().campaign(campaign("capped").cap(3, 24), "728x90").index();
            ExposureHistory history = ExposureHistory.EMPTY;
            int served = 0;
            for (int i = 0; i < 10; i++) {
                PageDecision decision = engine.decide(index, personalisedPage("r", "banner-top"), history, NOW);
                served += decision.placements().get("banner-top") == null ? 0 : 1;
                history = decision.history();
            }
            assertThat(served).isEqualTo(3);
        }

        @Test
        void withoutConsentCappedCampaignsStepAsideAndNoHistoryIsKept() {
            InventoryIndex index = banner()
                    .campaign(campaign("capped").cap(5, 24).tier(Tier.SPONSORSHIP), "728x90")
                    .campaign(campaign("contextual"), "728x90").index();

            PageDecision decision = engine.decide(index, page("banner-top"), ExposureHistory.EMPTY, NOW);

            assertThat(decision.placements().get("banner-top").campaign().id()).isEqualTo("contextual");
            assertThat(decision.history()).isNull();
        }
    }

    @Nested
    class Rule5Pacing {

        @Test
        void aCampaignThatReachedItsLifetimeGoalStops() {
            InventoryIndex index = banner().campaign(campaign("goal").goal(3L, null), "728x90").index();
            int served = 0;
            for (int i = 0; i < 10; i++) {
                served += campaignIn(index, page("banner-top"), "banner-top") == null ? 0 : 1;
            }
            assertThat(served).isEqualTo(3);
            assertThat(ledger.deliveredInTotal("goal")).isEqualTo(3);
        }

        @Test
        void aDailyCapStopsDeliveryForTheRestOfTheDay() {
            InventoryIndex index = banner().campaign(campaign("daily").goal(null, 2L), "728x90").index();
            assertThat(campaignIn(index, page("banner-top"), "banner-top")).isEqualTo("daily");
            assertThat(campaignIn(index, page("banner-top"), "banner-top")).isEqualTo("daily");
            assertThat(campaignIn(index, page("banner-top"), "banner-top")).isNull();
            assertThat(engine.decide(index, page("banner-top"), ExposureHistory.EMPTY, NOW.plusSeconds(86_400))
                    .placements().get("banner-top")).isNotNull();
        }

        @Test
        void evenPacingHoldsBackACampaignAheadOfItsDailyScheduleAndLetsItCatchUpLater() {
            // 15:00 UTC: 62.5% of the day has passed; the even target for a daily goal of 1000 is 625.
            InventoryIndex index = banner()
                    .campaign(campaign("even").goal(null, 1000L).pacing(Campaign.Pacing.EVEN), "728x90").index();
            LocalDate today = NOW.atZone(ZoneOffset.UTC).toLocalDate();
            for (int i = 0; i < 700; i++) {
                ledger.recordServed("even", today);
            }
            assertThat(campaignIn(index, page("banner-top"), "banner-top")).isNull();

            // At 18:00, 75% of the day, the target is 750: behind schedule, it serves again.
            PageDecision later = engine.decide(index, page("banner-top"), ExposureHistory.EMPTY,
                    NOW.plusSeconds(3 * 3600));
            assertThat(later.placements().get("banner-top").campaign().id()).isEqualTo("even");
        }

        @Test
        void asFastAsPossibleIgnoresTheScheduleUntilTheCap() {
            InventoryIndex index = banner()
                    .campaign(campaign("asap").goal(null, 1000L).pacing(Campaign.Pacing.ASAP), "728x90").index();
            LocalDate today = NOW.atZone(ZoneOffset.UTC).toLocalDate();
            for (int i = 0; i < 900; i++) {
                ledger.recordServed("asap", today);
            }
            assertThat(campaignIn(index, page("banner-top"), "banner-top")).isEqualTo("asap");
        }
    }
}
