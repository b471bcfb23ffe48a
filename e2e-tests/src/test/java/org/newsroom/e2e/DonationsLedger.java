package org.newsroom.e2e;

import java.time.Duration;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.newsroom.localstack.LocalStack;

/** The donation service's ledger as stored, read directly: what a test checks behind the APIs. */
final class DonationsLedger {

    private DonationsLedger() {
    }

    /** The contribution once it has the status (or as it is when the time is up; null if absent). */
    static Document awaitStatus(LocalStack stack, String contributionId, String status, Duration within)
            throws InterruptedException {
        try (MongoClient mongo = MongoClients.create(stack.settings().mongoUri("donations"))) {
            long deadline = System.nanoTime() + within.toNanos();
            Document contribution = null;
            while (System.nanoTime() < deadline) {
                try {
                    contribution = mongo.getDatabase("donations").getCollection("contributions")
                            .find(new Document("_id", contributionId)).first();
                } catch (RuntimeException storageDown) {
                    contribution = null; // a drill may have stopped it; keep waiting
                }
                if (contribution != null && status.equals(contribution.getString("status"))) {
                    return contribution;
                }
                Thread.sleep(250);
            }
            return contribution;
        }
    }
}
