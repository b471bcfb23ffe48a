package org.newsroom.donations.contribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.newsroom.donations.contribution.ContributionLedger.Outcome;
import org.newsroom.platform.testing.InMemoryMongo;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Deliveries racing on one contribution: each change applies on the state it read, or is decided again. */
class ContributionLedgerConcurrencyTest {

    private final MongoClient client = MongoClients.create(InMemoryMongo.uri("ledger-concurrency"));
    private final MongoTemplate mongo = new MongoTemplate(client, "ledger-concurrency");
    private final List<String> announced = new CopyOnWriteArrayList<>();
    private final ContributionLedger ledger = new ContributionLedger(mongo, announced::add);

    @AfterEach
    void close() {
        mongo.getDb().drop();
        client.close();
    }

    @Test
    void racingRefundTotalsEndAtTheLargestWithOneEventPerAppliedChange() throws Exception {
        String id = "ctb_race";
        ledger.openPending(Contribution.pending(id, new Money(1_000, "USD"), Frequency.ONE_OFF, null, "US", null, null,
                Instant.now()));
        assertThat(ledger.markPaid(id, "pi_race", null, null, null, "evt_paid", Instant.now())).isEqualTo(Outcome.APPLIED);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Outcome>> outcomes = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            long total = i * 100L; // 100 … 800 of 1000, in any order
            outcomes.add(pool.submit(() -> {
                start.await();
                return ledger.recordRefunds("pi_race", total, 1_000, "evt_refund_" + total, Instant.now());
            }));
        }
        start.countDown();
        long applied = 0;
        for (Future<Outcome> outcome : outcomes) {
            applied += outcome.get() == Outcome.APPLIED ? 1 : 0;
        }
        pool.shutdown();

        Document stored = mongo.findById(id, Document.class, ContributionLedger.CONTRIBUTIONS);
        assertThat(stored.get("refundedMinorUnits", Number.class).longValue()).isEqualTo(800);
        assertThat(stored.getString("status")).isEqualTo("PARTIALLY_REFUNDED");
        List<Document> outbox = stored.getList("outbox", Document.class);
        assertThat(outbox).hasSize(1 + (int) applied); // PAID, then one event per refund total that applied
        assertThat(stored.get("version", Number.class).longValue()).isEqualTo(1 + applied);
        assertThat(applied).isBetween(1L, 8L);
        assertThat(announced).hasSize(1 + (int) applied);
    }

    @Test
    void aLateOrRepeatedTransitionChangesNothing() {
        String id = "ctb_late";
        ledger.openPending(Contribution.pending(id, new Money(500, "USD"), Frequency.ONE_OFF, null, "US", null, null,
                Instant.now()));
        assertThat(ledger.markPaid(id, "pi_late", null, null, null, "evt_1", Instant.now())).isEqualTo(Outcome.APPLIED);

        assertThat(ledger.markPaid(id, "pi_late", null, null, null, "evt_1", Instant.now())).isEqualTo(Outcome.UNCHANGED);
        assertThat(ledger.markExpired(id, "evt_2", Instant.now())).isEqualTo(Outcome.UNCHANGED);
        assertThat(ledger.recordRefunds("pi_unknown", 100, 500, "evt_3", Instant.now())).isEqualTo(Outcome.UNKNOWN);
        assertThat(mongo.findById(id, Document.class, ContributionLedger.CONTRIBUTIONS).getList("outbox", Document.class))
                .hasSize(1);
    }
}
