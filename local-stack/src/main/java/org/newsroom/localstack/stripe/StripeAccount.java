package org.newsroom.localstack.stripe;

import static org.newsroom.localstack.stripe.StripeHttp.notFound;
import static org.newsroom.localstack.stripe.StripeHttp.randomId;
import static org.newsroom.localstack.stripe.StripeHttp.read;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import com.sun.net.httpserver.HttpExchange;

/**
 * The money side of the emulated Stripe account: payment intents with their charge and balance transaction (card
 * pricing 2.9 % + 30), refunds, disputes, subscriptions with their invoices, and payouts that sweep the available
 * balance, so that finance's refunds and payout reconciliation can be shown end to end. Everything that Stripe
 * would announce is announced as a webhook event, in order.
 */
final class StripeAccount {

    /** What Stripe's dispute fee is in the emulator (Stripe charges 15.00 in USD). */
    private static final long DISPUTE_FEE = 1500;
    private static final long EVIDENCE_DAYS = 7;

    private final StripeHttp http;
    private final BiConsumer<String, Map<String, Object>> events;
    private final Map<String, Map<String, Object>> paymentIntents = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> charges = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> balanceTransactions = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> refunds = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> payouts = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> subscriptions = new LinkedHashMap<>();

    /** @param events delivers an event of the given type about the given object */
    StripeAccount(StripeHttp http, BiConsumer<String, Map<String, Object>> events) {
        this.http = http;
        this.events = events;
    }

    // ---- What the hosted checkout page does --------------------------------------------------------------

    /** A successful card payment: its intent (returned), charge and balance transaction. */
    synchronized Map<String, Object> collect(long amount, String currency, Map<String, String> metadata,
            String customer) {
        String intentId = "pi_" + randomId();
        String chargeId = "ch_" + randomId();
        long fee = (amount * 29 + 500) / 1000 + 30;
        String balanceId = transaction("charge", chargeId, amount, fee, currency);
        Map<String, Object> charge = new LinkedHashMap<>();
        charge.put("id", chargeId);
        charge.put("object", "charge");
        charge.put("amount", amount);
        charge.put("amount_refunded", 0L);
        charge.put("currency", currency);
        charge.put("customer", customer);
        charge.put("payment_intent", intentId);
        charge.put("refunded", false);
        charge.put("disputed", false);
        charge.put("balance_transaction", balanceId);
        charge.put("created", now());
        charges.put(chargeId, charge);
        Map<String, Object> intent = new LinkedHashMap<>();
        intent.put("id", intentId);
        intent.put("object", "payment_intent");
        intent.put("amount", amount);
        intent.put("currency", currency);
        intent.put("customer", customer);
        intent.put("status", "succeeded");
        intent.put("metadata", metadata);
        intent.put("latest_charge", chargeId);
        paymentIntents.put(intentId, intent);
        return intent;
    }

    synchronized Map<String, Object> decline(long amount, String currency, Map<String, String> metadata) {
        Map<String, Object> intent = new LinkedHashMap<>();
        intent.put("id", "pi_" + randomId());
        intent.put("object", "payment_intent");
        intent.put("amount", amount);
        intent.put("currency", currency);
        intent.put("status", "requires_payment_method");
        intent.put("metadata", metadata);
        intent.put("last_payment_error", Map.of("type", "card_error", "code", "card_declined",
                "decline_code", "generic_decline", "message", "Your card was declined."));
        paymentIntents.put((String) intent.get("id"), intent);
        return intent;
    }

    /** The card holder disputes the payment (test card 4000 0000 0000 0259): the amount and a fee leave the balance. */
    synchronized void dispute(String paymentIntentId) {
        Map<String, Object> charge = charges.get((String) paymentIntents.get(paymentIntentId).get("latest_charge"));
        long amount = (Long) charge.get("amount");
        String disputeId = "dp_" + randomId();
        transaction("adjustment", disputeId, -amount, DISPUTE_FEE, (String) charge.get("currency"));
        charge.put("disputed", true);
        Map<String, Object> dispute = new LinkedHashMap<>();
        dispute.put("id", disputeId);
        dispute.put("object", "dispute");
        dispute.put("amount", amount);
        dispute.put("currency", charge.get("currency"));
        dispute.put("charge", charge.get("id"));
        dispute.put("payment_intent", paymentIntentId);
        dispute.put("reason", "fraudulent");
        dispute.put("status", "needs_response");
        dispute.put("created", now());
        dispute.put("evidence_details", Map.of("due_by", now() + EVIDENCE_DAYS * 86_400, "has_evidence", false,
                "past_due", false, "submission_count", 0));
        events.accept("charge.dispute.created", dispute);
    }

    /**
     * A subscription started by a paid checkout: the subscription, and its first invoice paid by a new payment.
     *
     * @return the subscription id; the caller announces the checkout, then {@link #announceFirstInvoice}
     */
    synchronized String subscribe(long amount, String currency, String interval, Map<String, String> metadata,
            String customer) {
        String id = "sub_" + randomId();
        Map<String, Object> subscription = new LinkedHashMap<>();
        subscription.put("id", id);
        subscription.put("object", "subscription");
        subscription.put("status", "active");
        subscription.put("customer", customer);
        subscription.put("currency", currency);
        subscription.put("metadata", metadata);
        subscription.put("_amount", amount);
        subscription.put("_interval", interval);
        subscription.put("_invoices", new ArrayList<Map<String, Object>>());
        subscriptions.put(id, subscription);
        invoice(subscription, "subscription_create");
        return id;
    }

    synchronized void announceFirstInvoice(String subscriptionId) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> invoices = (List<Map<String, Object>>) subscriptions.get(subscriptionId).get("_invoices");
        events.accept("invoice.paid", invoices.getFirst());
    }

    // ---- API ----------------------------------------------------------------------------------------------

    void paymentIntent(HttpExchange exchange) throws IOException {
        if (!http.authorised(exchange)) {
            return;
        }
        String id = exchange.getRequestURI().getPath().substring("/v1/payment_intents/".length());
        Map<String, Object> view;
        synchronized (this) {
            Map<String, Object> intent = paymentIntents.get(id);
            if (intent == null) {
                notFound(exchange, "payment_intent", id);
                return;
            }
            String expand = String.join(",", StripeHttp.query(exchange).values());
            view = new LinkedHashMap<>(intent);
            if (expand.contains("latest_charge") && intent.get("latest_charge") != null) {
                Map<String, Object> charge = new LinkedHashMap<>(charges.get((String) intent.get("latest_charge")));
                if (expand.contains("latest_charge.balance_transaction")) {
                    charge.put("balance_transaction", balanceTransactions.get((String) charge.get("balance_transaction")));
                }
                view.put("latest_charge", charge);
            }
        }
        StripeHttp.respond(exchange, 200, "application/json", StripeHttp.json.writeValueAsString(view));
    }

    /** {@code POST /v1/refunds}: full or partial, of a payment intent or a charge; announced as charge.refunded. */
    void refunds(HttpExchange exchange) throws IOException {
        if (!http.authorised(exchange)) {
            return;
        }
        String body = read(exchange.getRequestBody());
        if (!"POST".equals(exchange.getRequestMethod())) {
            StripeHttp.error(exchange, 405, "invalid_request_error", null, "Unsupported method");
            return;
        }
        if (http.replayed(exchange, body)) {
            return;
        }
        Map<String, String> form = FormBody.parse(body);
        Map<String, Object> refund;
        Map<String, Object> refundedCharge;
        synchronized (this) {
            Map<String, Object> charge = chargeOf(form);
            if (charge == null) {
                StripeHttp.error(exchange, 400, "invalid_request_error", "payment_intent",
                        "No such payment: pass a payment_intent or charge of this account.");
                return;
            }
            long remaining = (Long) charge.get("amount") - (Long) charge.get("amount_refunded");
            long amount = form.get("amount") == null ? remaining : Long.parseLong(form.get("amount"));
            if (amount < 1 || amount > remaining) {
                StripeHttp.error(exchange, 400, "invalid_request_error", "amount", "Refund amount (" + amount
                        + ") is greater than unrefunded amount on charge (" + remaining + ")");
                return;
            }
            String id = "re_" + randomId();
            transaction("refund", id, -amount, 0, (String) charge.get("currency"));
            refund = new LinkedHashMap<>();
            refund.put("id", id);
            refund.put("object", "refund");
            refund.put("amount", amount);
            refund.put("charge", charge.get("id"));
            refund.put("payment_intent", charge.get("payment_intent"));
            refund.put("currency", charge.get("currency"));
            refund.put("reason", form.get("reason"));
            refund.put("metadata", FormBody.under(form, "metadata"));
            refund.put("status", "succeeded");
            refund.put("created", now());
            refunds.put(id, refund);
            charge.put("amount_refunded", (Long) charge.get("amount_refunded") + amount);
            charge.put("refunded", charge.get("amount_refunded").equals(charge.get("amount")));
            refundedCharge = new LinkedHashMap<>(charge);
        }
        http.answer(exchange, body, refund);
        events.accept("charge.refunded", refundedCharge);
    }

    /** {@code GET /v1/payouts}, {@code GET /v1/payouts/{id}} and {@code POST /v1/payouts} (sweeps a currency). */
    void payouts(HttpExchange exchange) throws IOException {
        if (!http.authorised(exchange)) {
            return;
        }
        String path = exchange.getRequestURI().getPath();
        String body = read(exchange.getRequestBody());
        if ("POST".equals(exchange.getRequestMethod())) {
            if (http.replayed(exchange, body)) {
                return;
            }
            String currency = FormBody.parse(body).getOrDefault("currency", "usd");
            Map<String, Object> payout = payOut(currency);
            if (payout == null) {
                StripeHttp.error(exchange, 400, "invalid_request_error", "amount",
                        "You have insufficient funds in your Stripe account for this transfer.");
                return;
            }
            http.answer(exchange, body, payout);
            return;
        }
        synchronized (this) {
            if (path.length() > "/v1/payouts/".length()) {
                String id = path.substring("/v1/payouts/".length());
                if (!payouts.containsKey(id)) {
                    notFound(exchange, "payout", id);
                    return;
                }
                StripeHttp.respond(exchange, 200, "application/json", StripeHttp.json.writeValueAsString(payouts.get(id)));
                return;
            }
            int limit = Integer.parseInt(StripeHttp.query(exchange).getOrDefault("limit", "10"));
            List<Map<String, Object>> newestFirst = new ArrayList<>(payouts.values()).reversed();
            list(exchange, "/v1/payouts", newestFirst.subList(0, Math.min(limit, newestFirst.size())),
                    newestFirst.size() > limit);
        }
    }

    /** {@code GET /v1/balance_transactions?payout=...}: newest first, paged with starting_after, source expandable. */
    void balanceTransactions(HttpExchange exchange) throws IOException {
        if (!http.authorised(exchange)) {
            return;
        }
        Map<String, String> query = StripeHttp.query(exchange);
        int limit = Integer.parseInt(query.getOrDefault("limit", "10"));
        boolean expandSource = query.containsValue("data.source");
        synchronized (this) {
            List<Map<String, Object>> matching = new ArrayList<>();
            for (Map<String, Object> txn : balanceTransactions.values()) {
                if (query.get("payout") == null || query.get("payout").equals(txn.get("_payout"))) {
                    matching.add(txn);
                }
            }
            matching.sort(Comparator.comparing((Map<String, Object> txn) -> (Long) txn.get("created"))
                    .thenComparing(txn -> (Long) txn.get("_sequence")).reversed());
            int start = 0;
            if (query.get("starting_after") != null) {
                for (int i = 0; i < matching.size(); i++) {
                    if (matching.get(i).get("id").equals(query.get("starting_after"))) {
                        start = i + 1;
                    }
                }
            }
            List<Map<String, Object>> page = new ArrayList<>();
            for (Map<String, Object> txn : matching.subList(start, Math.min(matching.size(), start + limit))) {
                Map<String, Object> view = visible(txn);
                if (expandSource && refunds.containsKey(txn.get("source"))) {
                    view.put("source", refunds.get(txn.get("source")));
                } else if (expandSource && charges.containsKey(txn.get("source"))) {
                    view.put("source", charges.get(txn.get("source")));
                }
                page.add(view);
            }
            list(exchange, "/v1/balance_transactions", page, start + limit < matching.size());
        }
    }

    /**
     * {@code DELETE /v1/subscriptions/{id}} cancels (customer.subscription.deleted); the emulator's own
     * {@code POST /_emulator/subscriptions/{id}/renew} bills the next period now (invoice.paid).
     */
    void subscriptions(HttpExchange exchange) throws IOException {
        if (!http.authorised(exchange)) {
            return;
        }
        String path = exchange.getRequestURI().getPath();
        boolean renew = path.startsWith("/_emulator/") && path.endsWith("/renew");
        String id = renew ? path.substring("/_emulator/subscriptions/".length(), path.length() - "/renew".length())
                : path.substring("/v1/subscriptions/".length());
        Map<String, Object> announced;
        synchronized (this) {
            Map<String, Object> subscription = subscriptions.get(id);
            if (subscription == null) {
                notFound(exchange, "subscription", id);
                return;
            }
            if (!"active".equals(subscription.get("status"))) {
                StripeHttp.error(exchange, 400, "invalid_request_error", null, "This subscription is canceled.");
                return;
            }
            if (renew) {
                announced = invoice(subscription, "subscription_cycle");
            } else if ("DELETE".equals(exchange.getRequestMethod())) {
                subscription.put("status", "canceled");
                subscription.put("canceled_at", now());
                announced = visible(subscription);
            } else {
                StripeHttp.error(exchange, 405, "invalid_request_error", null, "Unsupported method");
                return;
            }
        }
        StripeHttp.respond(exchange, 200, "application/json", StripeHttp.json.writeValueAsString(announced));
        events.accept(renew ? "invoice.paid" : "customer.subscription.deleted", announced);
    }

    // ---- Internals ------------------------------------------------------------------------------------------

    private long sequence;

    private String transaction(String type, String source, long amount, long fee, String currency) {
        String id = "txn_" + randomId();
        Map<String, Object> txn = new LinkedHashMap<>();
        txn.put("id", id);
        txn.put("object", "balance_transaction");
        txn.put("type", type);
        txn.put("source", source);
        txn.put("amount", amount);
        txn.put("fee", fee);
        txn.put("net", amount - fee);
        txn.put("currency", currency);
        txn.put("exchange_rate", null);
        txn.put("status", "available");
        txn.put("created", now());
        txn.put("_sequence", sequence++);
        txn.put("_payout", null);
        balanceTransactions.put(id, txn);
        return id;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> invoice(Map<String, Object> subscription, String billingReason) {
        long amount = (Long) subscription.get("_amount");
        String currency = (String) subscription.get("currency");
        Map<String, Object> intent = collect(amount, currency, Map.of(), (String) subscription.get("customer"));
        String id = "in_" + randomId();
        Map<String, Object> invoice = new LinkedHashMap<>();
        invoice.put("id", id);
        invoice.put("object", "invoice");
        invoice.put("billing_reason", billingReason);
        invoice.put("status", "paid");
        invoice.put("amount_paid", amount);
        invoice.put("currency", currency);
        invoice.put("customer", subscription.get("customer"));
        invoice.put("parent", Map.of("type", "subscription_details", "subscription_details",
                Map.of("subscription", subscription.get("id"), "metadata", subscription.get("metadata"))));
        invoice.put("payments", Map.of("object", "list", "data", List.of(Map.of("id", "inpay_" + randomId(),
                "object", "invoice_payment", "amount_paid", amount,
                "payment", Map.of("type", "payment_intent", "payment_intent", intent.get("id"))))));
        invoice.put("created", now());
        ((List<Map<String, Object>>) subscription.get("_invoices")).add(invoice);
        return invoice;
    }

    private synchronized Map<String, Object> payOut(String currency) {
        long amount = 0;
        List<Map<String, Object>> swept = new ArrayList<>();
        for (Map<String, Object> txn : balanceTransactions.values()) {
            if (txn.get("_payout") == null && currency.equals(txn.get("currency")) && !"payout".equals(txn.get("type"))) {
                amount += (Long) txn.get("net");
                swept.add(txn);
            }
        }
        if (amount <= 0) {
            return null;
        }
        String id = "po_" + randomId();
        swept.forEach(txn -> txn.put("_payout", id));
        transaction("payout", id, -amount, 0, currency);
        balanceTransactions.values().stream().filter(txn -> id.equals(txn.get("source"))).forEach(txn -> txn.put("_payout", id));
        Map<String, Object> payout = new LinkedHashMap<>();
        payout.put("id", id);
        payout.put("object", "payout");
        payout.put("amount", amount);
        payout.put("currency", currency);
        payout.put("status", "paid");
        payout.put("method", "standard");
        payout.put("created", now());
        payout.put("arrival_date", now() + 2 * 86_400);
        payouts.put(id, payout);
        return payout;
    }

    private Map<String, Object> chargeOf(Map<String, String> form) {
        if (form.get("charge") != null) {
            return charges.get(form.get("charge"));
        }
        Map<String, Object> intent = form.get("payment_intent") == null ? null : paymentIntents.get(form.get("payment_intent"));
        return intent == null || intent.get("latest_charge") == null ? null : charges.get((String) intent.get("latest_charge"));
    }

    private static void list(HttpExchange exchange, String url, List<Map<String, Object>> data, boolean hasMore)
            throws IOException {
        List<Map<String, Object>> visible = data.stream().map(StripeAccount::visible).toList();
        StripeHttp.respond(exchange, 200, "application/json", StripeHttp.json.writeValueAsString(Map.of(
                "object", "list", "url", url, "has_more", hasMore, "data", visible)));
    }

    /** Without the emulator's own bookkeeping fields (those starting with an underscore). */
    private static Map<String, Object> visible(Map<String, Object> object) {
        Map<String, Object> view = new LinkedHashMap<>(object);
        view.keySet().removeIf(key -> key.startsWith("_"));
        return view;
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }
}
