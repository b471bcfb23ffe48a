package org.newsroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.newsroom.localstack.LocalStack;
import org.newsroom.localstack.stripe.StripeEmulator;
import org.newsroom.localstack.stripe.StripeEmulator.CheckoutFault;
import tools.jackson.databind.JsonNode;

/**
 * The operations fault drills (docs/operations.md#fault-drills) on the local stack: each injects a failure a
 * production system meets, prints what it injected and what it counted, and checks that nothing was lost or counted
 * twice. Drill 5 (ad-service down under the demo page) runs in the browser, in {@link AdsOnTheDemoPageTest}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultDrillsTest {

    private static LocalStack stack;

    @BeforeAll
    static void startSuite() throws Exception {
        stack = SharedStack.get();
    }

    private static void report(int drill, String injected, String counted) {
        System.out.printf("DRILL %d injected: %s; counted: %s%n", drill, injected, counted);
    }

    @Test
    @Order(1)
    void drill3StripeFailingThenTooSlowStillMakesExactlyOneCheckoutSession() throws Exception {
        StripeEmulator stripe = stack.stripeEmulator();
        int sessionsBefore = stripe.checkoutSessionsCreated();
        int requestsBefore = stripe.checkoutSessionRequests();
        stripe.injectCheckoutFaults(CheckoutFault.SERVER_ERROR, CheckoutFault.ANSWER_TOO_LATE);

        HttpResponse<String> started = Reader.checkout(stack, 300, "drill3@example.org", null);

        int sessions = stripe.checkoutSessionsCreated() - sessionsBefore;
        int requests = stripe.checkoutSessionRequests() - requestsBefore;
        report(3, "Stripe answers 500, then creates the session but answers after the read timeout",
                "reader got " + started.statusCode() + " after " + requests + " requests to Stripe, " + sessions
                        + " session(s) exist");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        assertThat(requests).as("first try, retry after the 500, retry after the timeout").isEqualTo(3);
        assertThat(sessions).as("the retries carried the same idempotency key").isEqualTo(1);

        stripe.injectCheckoutFaults(CheckoutFault.SERVER_ERROR, CheckoutFault.SERVER_ERROR, CheckoutFault.SERVER_ERROR);
        HttpResponse<String> refused = Reader.checkout(stack, 300, "drill3@example.org", null);

        report(3, "Stripe answers 500 to every try", "reader got " + refused.statusCode() + " "
                + refused.headers().firstValue("Content-Type").orElse("") + ", sessions created "
                + (stripe.checkoutSessionsCreated() - sessionsBefore - 1));
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.body()).contains("Nothing was charged").doesNotContain("Exception", "localhost", "at org.");
        assertThat(stripe.checkoutSessionsCreated() - sessionsBefore).isEqualTo(1);
    }

    @Test
    @Order(2)
    void drill2KilledBeforeItsOutboxRelayRanTheEventIsPublishedExactlyOnceAfterRestart() throws Exception {
        JsonNode checkout = Reader.startCheckout(stack, 700, "drill2@example.org");
        String contributionId = checkout.path("contributionId").asString();

        // With the broker down the relay cannot publish: the paid contribution's event waits in its outbox.
        stack.stopKafka();
        Document paid;
        try {
            assertThat(Reader.pay(checkout.path("checkoutUrl").asString(), "4242 4242 4242 4242").statusCode())
                    .isEqualTo(303);
            paid = DonationsLedger.awaitStatus(stack, contributionId, "PAID", Duration.ofSeconds(30));
            assertThat(paid.getString("status")).isEqualTo("PAID");
            assertThat(paid.getList("outbox", Document.class)).as("the event waits in the outbox").isNotEmpty();
            stack.killService("donation-service");
        } finally {
            stack.startKafka();
        }
        stack.startService("donation-service");

        List<String> events = ContributionEvents.of(stack, contributionId, Duration.ofSeconds(60));
        report(2, "donation-service SIGKILLed after storing a paid contribution, before its event left the outbox",
                events.size() + " event(s) on " + "donations.contributions.v1 after the restart");
        assertThat(events).hasSize(1);
        assertThat(events.getFirst()).contains("\"type\":\"PAID\"", "\"amountMinorUnits\":700");
    }

    @Test
    @Order(3)
    void drill4MongoDownForTwentySecondsRefusesCleanlyAndLosesNoWebhook() throws Exception {
        StripeEmulator stripe = stack.stripeEmulator();
        JsonNode checkout = Reader.startCheckout(stack, 900, "drill4@example.org");
        String contributionId = checkout.path("contributionId").asString();
        int refusedBefore = stripe.webhookAttemptsRefused();

        long stopped = System.nanoTime();
        stack.stopMongo();
        HttpResponse<String> duringOutage;
        try {
            duringOutage = Reader.checkout(stack, 500, "drill4@example.org", null);
            // The reader pays on Stripe's page while the ledger is down: the webhooks must wait for it.
            assertThat(Reader.pay(checkout.path("checkoutUrl").asString(), "4242 4242 4242 4242").statusCode())
                    .isEqualTo(303);
            long remaining = Duration.ofSeconds(20).toNanos() - (System.nanoTime() - stopped);
            Thread.sleep(Math.max(0, remaining / 1_000_000));
        } finally {
            stack.startMongo();
        }
        assertThat(duringOutage.statusCode()).as(duringOutage.body()).isEqualTo(503);
        assertThat(duringOutage.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(duringOutage.body()).doesNotContain("Exception", "localhost", "at org.");

        Document paid = DonationsLedger.awaitStatus(stack, contributionId, "PAID", Duration.ofSeconds(120));
        int refused = stripe.webhookAttemptsRefused() - refusedBefore;
        List<String> events = ContributionEvents.of(stack, contributionId, Duration.ofSeconds(30));
        report(4, "MongoDB wire server stopped for 20 s",
                "checkout answered " + duringOutage.statusCode() + ", " + refused
                        + " webhook deliveries refused and redelivered, contribution " + paid.getString("status")
                        + " with " + events.size() + " event(s)");
        assertThat(refused).as("webhooks were answered non-2xx during the outage").isPositive();
        assertThat(paid.getString("status")).isEqualTo("PAID");
        assertThat(paid.get("amount", Document.class).get("minorUnits", Number.class).longValue()).isEqualTo(900);
        assertThat(events).hasSize(1);
        assertThat(events.getFirst()).contains("\"type\":\"PAID\"");
    }

    @Test
    @Order(4)
    void drill1KafkaDownForTwentySecondsUnderSteadyBeaconLoadLosesAndDoublesNothing() throws Exception {
        AdOpsApi adOps = new AdOpsApi(stack);
        AdOpsApi.OwnCampaign campaign = adOps.campaignOnOwnSlots("Drill One", "drill1-a", "drill1-b", "drill1-c",
                "drill1-d");
        List<String> renders = adOps.renders(campaign, 3_500, Duration.ofSeconds(60));
        assertThat(renders).hasSize(3_500);

        // About 100 render beacons a second from four readers' worth of connections, before, during and after.
        AtomicInteger next = new AtomicInteger();
        AtomicLong answeredSuccess = new AtomicLong();
        Map<Integer, AtomicLong> otherAnswers = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        try (ExecutorService load = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int sender = 0; sender < 4; sender++) {
                load.submit(() -> {
                    while (running.get()) {
                        int index = next.getAndIncrement();
                        if (index >= renders.size()) {
                            return null;
                        }
                        int status;
                        try {
                            status = AdOpsApi.beacon(renders.get(index));
                        } catch (Exception e) {
                            status = -1;
                        }
                        (status == 204 ? answeredSuccess : otherAnswers.computeIfAbsent(status, s -> new AtomicLong()))
                                .incrementAndGet();
                        Thread.sleep(40);
                    }
                    return null;
                });
            }
            Thread.sleep(5_000);
            long sentBeforeOutage = next.get();
            stack.stopKafka();
            try {
                Thread.sleep(20_000);
            } finally {
                stack.startKafka();
            }
            long sentDuringOutage = next.get() - sentBeforeOutage;
            Thread.sleep(10_000);
            running.set(false);
            System.out.printf("DRILL 1 load: %d beacons before the outage, %d during it, %d in all%n",
                    sentBeforeOutage, sentDuringOutage, next.get());
        }

        long sent = Math.min(next.get(), renders.size());
        long reported = adOps.awaitReportedImpressions(campaign.advertiserId(), answeredSuccess.get(),
                Duration.ofSeconds(120));
        Map<Integer, Long> others = new TreeMap<>();
        otherAnswers.forEach((status, count) -> others.put(status, count.get()));
        report(1, "Kafka broker stopped for 20 s during ~100 render beacons/s through the gateway",
                sent + " beacons sent, " + answeredSuccess.get() + " answered 204, other answers " + others
                        + ", report shows " + reported + " impressions");
        assertThat(reported).as("the report equals the beacons answered with success").isEqualTo(answeredSuccess.get());
        assertThat(others).as("readers' beacons were all accepted while Kafka was down").isEmpty();
    }

    @Test
    @Order(5)
    void drill6ABurstOfAThousandCheckoutsFromOneAddressIsRateLimitedBeforeStripe() throws Exception {
        StripeEmulator stripe = stack.stripeEmulator();
        int sessionsBefore = stripe.checkoutSessionsCreated();
        Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
        long started = System.nanoTime();
        try (ExecutorService bot = Executors.newFixedThreadPool(50, Thread.ofVirtual().factory())) {
            List<Future<Integer>> attempts = new java.util.ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                attempts.add(bot.submit(() -> Reader.checkout(stack, 100, "card-tester@example.org", "203.0.113.66")
                        .statusCode()));
            }
            for (Future<Integer> attempt : attempts) {
                answers.computeIfAbsent(attempt.get(), s -> new AtomicInteger()).incrementAndGet();
            }
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        int created = answers.getOrDefault(201, new AtomicInteger()).get();
        int limited = answers.getOrDefault(429, new AtomicInteger()).get();
        int reachedStripe = stripe.checkoutSessionsCreated() - sessionsBefore;
        // The local stack allows an address 50 checkouts at once (burst 600 tokens, 12 each), then one per 12 s.
        long allowed = 50 + seconds / 12 + 1;
        report(6, "1,000 checkout attempts from 203.0.113.66 in " + seconds + " s, 50 at a time",
                "answers " + new TreeMap<>(answers) + ", " + reachedStripe + " reached Stripe (allowed at most "
                        + allowed + ")");
        assertThat(reachedStripe).isEqualTo(created).isLessThanOrEqualTo((int) allowed);
        assertThat(created + limited).as("every attempt was either served or refused with 429").isEqualTo(1_000);
    }
}
