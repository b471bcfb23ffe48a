package org.newsroom.donations.finance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.BalanceTransaction;
import com.stripe.model.Payout;
import com.stripe.model.Refund;
import com.stripe.param.BalanceTransactionListParams;
import com.stripe.param.PayoutListParams;
import org.bson.Document;
import org.newsroom.donations.contribution.ContributionLedger;
import org.newsroom.donations.contribution.ContributionStatus;
import org.newsroom.donations.finance.Refunds.StripeUnreachableException;
import org.newsroom.platform.web.NotFoundException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/**
 * Does a Stripe payout match the ledger? Reads the payout's balance transactions from Stripe (every page), matches
 * each payment to its contribution by charge id and each refund to the contribution of its charge, and reports
 * what matched, what Stripe paid out that the ledger does not know, what the ledger holds that the payout lacks
 * (contributions paid between the payout's first and last payment but absent from it) and any figure that differs.
 */
@Service
class PayoutReconciliation {

    private static final Set<String> PAYMENTS = Set.of("charge", "payment");
    private static final Set<String> REFUNDS = Set.of("refund", "payment_refund");

    record PayoutSummary(String id, long amount, String currency, String status, Instant created,
            Instant arrivalDate) {
    }

    /** One line of the payout, and what the ledger says of it (null fields when the ledger does not know it). */
    record Line(String balanceTransactionId, String type, String chargeId, String contributionId, long amount,
            long fee, long net, Long ledgerAmount, Long ledgerFee, Long ledgerNet, String problem) {
    }

    record Totals(long payoutAmount, long transactionsNet, long matchedNet, long missingInLedgerNet,
            long missingInStripeGross, long otherNet, long unexplained) {
    }

    record Report(PayoutSummary payout, List<Line> matched, List<Line> missingInLedger, List<Line> amountMismatches,
            List<LedgerRow> missingInStripe, List<Line> other, Totals totals) {
    }

    private final StripeClient stripe;
    private final MongoTemplate mongo;

    PayoutReconciliation(StripeClient stripe, MongoTemplate mongo) {
        this.stripe = stripe;
        this.mongo = mongo;
    }

    List<PayoutSummary> recent(int limit) {
        try {
            return stripe.v1().payouts().list(PayoutListParams.builder().setLimit((long) limit).build()).getData()
                    .stream().map(PayoutReconciliation::summary).toList();
        } catch (StripeException e) {
            throw new StripeUnreachableException("Stripe could not list payouts now; retry shortly.");
        }
    }

    Report reconcile(String payoutId) {
        Payout payout;
        List<BalanceTransaction> transactions = new ArrayList<>();
        try {
            payout = stripe.v1().payouts().retrieve(payoutId);
            var params = BalanceTransactionListParams.builder().setPayout(payoutId).setLimit(100L)
                    .addExpand("data.source").build();
            stripe.v1().balanceTransactions().list(params).autoPagingIterable().forEach(transactions::add);
        } catch (InvalidRequestException unknown) {
            if (unknown.getStatusCode() != null && unknown.getStatusCode() == 404) {
                throw new NotFoundException("Stripe knows no payout " + payoutId);
            }
            throw new StripeUnreachableException("Stripe refused to read payout " + payoutId + " now.");
        } catch (ApiConnectionException | com.stripe.exception.ApiException e) {
            throw new StripeUnreachableException("Stripe could not be reached; retry shortly.");
        } catch (StripeException e) {
            throw new StripeUnreachableException("Stripe refused to read payout " + payoutId + " now.");
        }
        Map<String, Document> byCharge = contributionsByCharge(transactions);
        List<Line> matched = new ArrayList<>();
        List<Line> missingInLedger = new ArrayList<>();
        List<Line> mismatches = new ArrayList<>();
        List<Line> other = new ArrayList<>();
        Map<String, Long> refundedPerCharge = new HashMap<>();
        Instant first = null;
        Instant last = null;
        long transactionsNet = 0;
        for (BalanceTransaction txn : transactions) {
            if ("payout".equals(txn.getType())) {
                continue;
            }
            transactionsNet += txn.getNet();
            String chargeId = chargeOf(txn);
            Document contribution = chargeId == null ? null : byCharge.get(chargeId);
            if (PAYMENTS.contains(txn.getType())) {
                Instant created = Instant.ofEpochSecond(txn.getCreated());
                first = first == null || created.isBefore(first) ? created : first;
                last = last == null || created.isAfter(last) ? created : last;
                if (contribution == null) {
                    missingInLedger.add(line(txn, chargeId, null, "no contribution in the ledger has this charge"));
                    continue;
                }
                Line line = line(txn, chargeId, contribution, null);
                String problem = paymentProblem(line);
                (problem == null ? matched : mismatches).add(problem == null ? line : line(txn, chargeId, contribution, problem));
            } else if (REFUNDS.contains(txn.getType())) {
                if (contribution == null) {
                    missingInLedger.add(line(txn, chargeId, null, "refund of a charge the ledger does not know"));
                    continue;
                }
                long refunded = refundedPerCharge.merge(chargeId, -txn.getAmount(), Long::sum);
                long inLedger = contribution.get("refundedMinorUnits") == null ? 0
                        : ((Number) contribution.get("refundedMinorUnits")).longValue();
                (refunded <= inLedger ? matched : mismatches).add(line(txn, chargeId, contribution,
                        refunded <= inLedger ? null : "the ledger records " + inLedger + " refunded, Stripe " + refunded));
            } else {
                other.add(line(txn, chargeId, contribution, null));
            }
        }
        List<LedgerRow> missingInStripe = first == null ? List.of() : unpaidOut(first, last, byCharge.keySet());
        long matchedNet = matched.stream().mapToLong(Line::net).sum();
        long missingNet = missingInLedger.stream().mapToLong(Line::net).sum();
        long otherNet = other.stream().mapToLong(Line::net).sum();
        long missingGross = missingInStripe.stream().mapToLong(LedgerRow::amount).sum();
        Totals totals = new Totals(payout.getAmount(), transactionsNet, matchedNet, missingNet, missingGross, otherNet,
                payout.getAmount() - transactionsNet);
        return new Report(summary(payout), matched, missingInLedger, mismatches, missingInStripe, other, totals);
    }

    /** Fee and net are compared in the settlement currency; the gross only when no currency conversion happened. */
    private static String paymentProblem(Line line) {
        List<String> differences = new ArrayList<>();
        if (line.ledgerFee() == null) {
            differences.add("the ledger has no fee and net for it yet");
        } else {
            if (line.ledgerFee() != line.fee()) {
                differences.add("fee " + line.ledgerFee() + " in the ledger, " + line.fee() + " at Stripe");
            }
            if (line.ledgerNet() != line.net()) {
                differences.add("net " + line.ledgerNet() + " in the ledger, " + line.net() + " at Stripe");
            }
        }
        if (line.ledgerAmount() != null && line.ledgerAmount() != line.amount()) {
            differences.add("amount " + line.ledgerAmount() + " in the ledger, " + line.amount() + " at Stripe");
        }
        return differences.isEmpty() ? null : String.join("; ", differences);
    }

    private Map<String, Document> contributionsByCharge(List<BalanceTransaction> transactions) {
        Set<String> charges = new HashSet<>();
        for (BalanceTransaction txn : transactions) {
            String charge = chargeOf(txn);
            if (charge != null) {
                charges.add(charge);
            }
        }
        Map<String, Document> byCharge = new HashMap<>();
        if (!charges.isEmpty()) {
            Query query = Query.query(Criteria.where("stripe.chargeId").in(charges));
            query.fields().exclude("outbox");
            for (Document contribution : mongo.find(query, Document.class, ContributionLedger.CONTRIBUTIONS)) {
                byCharge.put(contribution.get("stripe", Document.class).getString("chargeId"), contribution);
            }
        }
        return byCharge;
    }

    /** Contributions paid while the payout's payments were made whose charge is not in it. */
    private List<LedgerRow> unpaidOut(Instant first, Instant last, Set<String> chargesInPayout) {
        List<String> collected = ContributionStatus.collectedNames();
        Query query = Query.query(Criteria.where("paidAt").gte(Date.from(first)).lte(Date.from(last.plusSeconds(1)))
                .and("status").in(collected).and("stripe.chargeId").nin(chargesInPayout));
        query.fields().exclude("outbox");
        return mongo.find(query, Document.class, ContributionLedger.CONTRIBUTIONS).stream().map(LedgerRow::of).toList();
    }

    private static String chargeOf(BalanceTransaction txn) {
        if (PAYMENTS.contains(txn.getType())) {
            return txn.getSource();
        }
        if (txn.getSourceObject() instanceof Refund refund) {
            return refund.getCharge();
        }
        return null;
    }

    private static Line line(BalanceTransaction txn, String chargeId, Document contribution, String problem) {
        Long ledgerAmount = null;
        Long ledgerFee = null;
        Long ledgerNet = null;
        if (contribution != null) {
            Document amount = contribution.get("amount", Document.class);
            Document settlement = contribution.get("settlement", Document.class);
            // Stripe's amount is in the settlement currency: comparable to ours only without a conversion.
            if (settlement == null || amount.getString("currency").equalsIgnoreCase(settlement.getString("currency"))) {
                ledgerAmount = ((Number) amount.get("minorUnits")).longValue();
            }
            if (settlement != null) {
                ledgerFee = ((Number) settlement.get("feeMinorUnits")).longValue();
                ledgerNet = ((Number) settlement.get("netMinorUnits")).longValue();
            }
        }
        return new Line(txn.getId(), txn.getType(), chargeId, contribution == null ? null : contribution.getString("_id"),
                txn.getAmount(), txn.getFee(), txn.getNet(), ledgerAmount, ledgerFee, ledgerNet, problem);
    }

    private static PayoutSummary summary(Payout payout) {
        return new PayoutSummary(payout.getId(), payout.getAmount(), payout.getCurrency().toUpperCase(Locale.ROOT),
                payout.getStatus(), Instant.ofEpochSecond(payout.getCreated()),
                payout.getArrivalDate() == null ? null : Instant.ofEpochSecond(payout.getArrivalDate()));
    }
}
