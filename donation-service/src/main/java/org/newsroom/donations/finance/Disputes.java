package org.newsroom.donations.finance;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.newsroom.donations.contribution.ContributionLedger;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** Disputed contributions, the ones still open first by evidence deadline: what finance must answer, and by when. */
@Component
class Disputes {

    record Dispute(String contributionId, String disputeId, String status, long amount, String currency,
            String reason, Instant evidenceDueBy, Instant disputedAt, String paymentIntentId, String chargeId) {
    }

    private final MongoTemplate mongo;

    Disputes(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** @param openOnly only disputes still awaiting Stripe's decision */
    List<Dispute> list(boolean openOnly) {
        Criteria which = openOnly ? Criteria.where("status").is("DISPUTED") : Criteria.where("disputedAt").exists(true);
        Query query = Query.query(which).with(Sort.by(Sort.Direction.ASC, "dispute.evidenceDueBy")).limit(1000);
        query.fields().include("dispute", "amount", "disputedAt", "stripe");
        return mongo.find(query, Document.class, ContributionLedger.CONTRIBUTIONS).stream().map(Disputes::of).toList();
    }

    private static Dispute of(Document row) {
        Document dispute = row.get("dispute", Document.class);
        if (dispute == null) {
            dispute = new Document();
        }
        Document amount = row.get("amount", Document.class);
        Document stripe = row.get("stripe", Document.class);
        Number disputed = (Number) dispute.get("amount");
        return new Dispute(row.getString("_id"), dispute.getString("id"),
                dispute.getString("status") == null ? "open" : dispute.getString("status"),
                disputed == null ? ((Number) amount.get("minorUnits")).longValue() : disputed.longValue(),
                dispute.getString("currency") == null ? amount.getString("currency") : dispute.getString("currency"),
                dispute.getString("reason"), instant(dispute.getDate("evidenceDueBy")),
                instant(row.getDate("disputedAt")), stripe == null ? null : stripe.getString("paymentIntentId"),
                stripe == null ? null : stripe.getString("chargeId"));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
