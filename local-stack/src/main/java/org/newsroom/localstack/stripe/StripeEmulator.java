package org.newsroom.localstack.stripe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small, stateful stand-in for exactly the Stripe API the donation service uses, for machines that cannot reach
 * Stripe: Checkout Sessions (form-encoded, Stripe's JSON shapes and error format, idempotency-key replay), a hosted
 * checkout page where a person pays with test card 4242 4242 4242 4242, is declined with 4000 0000 0000 0002 or
 * pays and then disputes with 4000 0000 0000 0259, the account behind it ({@link StripeAccount}: payments, refunds,
 * subscriptions, payouts, balance transactions), and webhooks signed with Stripe's scheme and retried on non-2xx. State lives in memory: a restart forgets open sessions, as an expired Stripe session would be.
 */
public final class StripeEmulator implements AutoCloseable {

    public static final String API_VERSION = "2026-07-29.dahlia";
    private static final String PAYS = "4242424242424242";
    private static final String DECLINES = "4000000000000002";
    /** Pays, then the card holder disputes it (Stripe's own test card for this). */
    private static final String DISPUTED = "4000000000000259";
    private static final Logger log = LoggerFactory.getLogger(StripeEmulator.class);

    private final HttpServer server;
    private final StripeHttp http;
    private final String baseUrl;
    private final WebhookSender webhooks;
    private final StripeAccount account;
    private final Map<String, Map<String, Object>> sessions = new ConcurrentHashMap<>();
    private final Queue<CheckoutFault> checkoutFaults = new ConcurrentLinkedQueue<>();
    private final AtomicInteger checkoutRequests = new AtomicInteger();

    /** What the next checkout-session creations meet, for fault drills: Stripe failing or answering too late. */
    public enum CheckoutFault {
        /** A 500 api_error before anything is created (Stripe's clients retry it). */
        SERVER_ERROR,
        /** The session is created but the answer comes after the caller's read timeout (30 s later). */
        ANSWER_TOO_LATE
    }

    private StripeEmulator(HttpServer server, String secretKey, String baseUrl, WebhookSender webhooks) {
        this.server = server;
        this.http = new StripeHttp(secretKey);
        this.baseUrl = baseUrl;
        this.webhooks = webhooks;
        this.account = new StripeAccount(http, this::deliver);
    }

    /**
     * @param webhookUrl    where events are delivered (the donation service's webhook endpoint)
     * @param webhookSecret the {@code whsec_...} both sides share
     */
    public static StripeEmulator start(String host, int port, String secretKey, String webhookUrl,
            String webhookSecret) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        StripeEmulator emulator = new StripeEmulator(server, secretKey, "http://" + host + ":" + port,
                new WebhookSender(webhookUrl, webhookSecret));
        StripeAccount account = emulator.account;
        server.createContext("/v1/checkout/sessions", emulator::sessions);
        server.createContext("/v1/payment_intents/", account::paymentIntent);
        server.createContext("/v1/refunds", account::refunds);
        server.createContext("/v1/payouts", account::payouts);
        server.createContext("/v1/balance_transactions", account::balanceTransactions);
        server.createContext("/v1/subscriptions/", account::subscriptions);
        server.createContext("/_emulator/subscriptions/", account::subscriptions);
        server.createContext("/pay/", emulator::checkoutPage);
        server.start();
        return emulator;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The next checkout-session requests meet these faults, one each, in order. */
    public void injectCheckoutFaults(CheckoutFault... faults) {
        checkoutFaults.addAll(List.of(faults));
    }

    /** Checkout sessions that exist (each idempotency key creates at most one). */
    public int checkoutSessionsCreated() {
        return sessions.size();
    }

    /** Webhook deliveries the donation service accepted (2xx), and attempts it refused or missed. */
    public int webhooksAccepted() {
        return webhooks.accepted();
    }

    public int webhookAttemptsRefused() {
        return webhooks.refused();
    }

    /** Requests to create a checkout session, including failed and replayed ones. */
    public int checkoutSessionRequests() {
        return checkoutRequests.get();
    }

    // ---- API -------------------------------------------------------------------------------------------------

    private void sessions(HttpExchange exchange) throws IOException {
        if (!http.authorised(exchange)) {
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            StripeHttp.error(exchange, 405, "invalid_request_error", null, "Unsupported method");
            return;
        }
        String body = StripeHttp.read(exchange.getRequestBody());
        checkoutRequests.incrementAndGet();
        if (http.replayed(exchange, body)) {
            return;
        }
        CheckoutFault fault = checkoutFaults.poll();
        if (fault == CheckoutFault.SERVER_ERROR) {
            log.info("Checkout session request failed with 500 (injected fault)");
            StripeHttp.error(exchange, 500, "api_error", null, "An error occurred with our connection to Stripe.");
            return;
        }
        Map<String, String> form = FormBody.parse(body);
        String missing = firstMissing(form, "mode", "success_url", "line_items[0][price_data][currency]",
                "line_items[0][price_data][unit_amount]");
        if (missing != null) {
            StripeHttp.error(exchange, 400, "invalid_request_error", missing, "Missing required param: " + missing + ".");
            return;
        }
        String id = "cs_test_" + StripeHttp.randomId();
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("id", id);
        session.put("object", "checkout.session");
        session.put("mode", form.get("mode"));
        session.put("status", "open");
        session.put("payment_status", "unpaid");
        session.put("url", baseUrl + "/pay/" + id);
        session.put("client_reference_id", form.get("client_reference_id"));
        session.put("customer_email", form.get("customer_email"));
        session.put("success_url", form.get("success_url"));
        session.put("cancel_url", form.get("cancel_url"));
        session.put("currency", form.get("line_items[0][price_data][currency]"));
        session.put("amount_total", Long.parseLong(form.get("line_items[0][price_data][unit_amount]")));
        session.put("metadata", FormBody.under(form, "metadata"));
        session.put("payment_intent", null);
        session.put("subscription", null);
        session.put("customer", null);
        session.put("livemode", false);
        Map<String, Object> hidden = new LinkedHashMap<>();
        hidden.put("interval", form.get("line_items[0][price_data][recurring][interval]"));
        hidden.put("productName", form.get("line_items[0][price_data][product_data][name]"));
        hidden.put("paymentMetadata", FormBody.under(form, "payment_intent_data[metadata]"));
        hidden.put("subscriptionMetadata", FormBody.under(form, "subscription_data[metadata]"));
        session.put("_emulator", hidden);
        sessions.put(id, session);
        if (fault == CheckoutFault.ANSWER_TOO_LATE) {
            log.info("Checkout session {} created; answering 30 s late (injected fault)", id);
            http.answerLate(exchange, body, visible(session), Duration.ofSeconds(30));
            return;
        }
        http.answer(exchange, body, visible(session));
    }

    // ---- Hosted checkout page --------------------------------------------------------------------------------

    private void checkoutPage(HttpExchange exchange) throws IOException {
        String id = exchange.getRequestURI().getPath().substring("/pay/".length());
        Map<String, Object> session = sessions.get(id);
        if (session == null) {
            StripeHttp.respond(exchange, 404, "text/html; charset=utf-8", page("Checkout not found",
                    "<p>This checkout link is unknown or has expired.</p>"));
            return;
        }
        if ("GET".equals(exchange.getRequestMethod())) {
            StripeHttp.respond(exchange, 200, "text/html; charset=utf-8", payForm(session, null));
            return;
        }
        String card = FormBody.parse(StripeHttp.read(exchange.getRequestBody())).getOrDefault("card", "")
                .replaceAll("\\D", "");
        if (!"open".equals(session.get("status"))) {
            StripeHttp.redirect(exchange, (String) session.get("success_url"));
        } else if (PAYS.equals(card) || DISPUTED.equals(card)) {
            complete(session, DISPUTED.equals(card));
            StripeHttp.redirect(exchange, (String) session.get("success_url"));
        } else if (DECLINES.equals(card)) {
            decline(session);
            StripeHttp.respond(exchange, 402, "text/html; charset=utf-8", payForm(session, "Your card was declined."));
        } else {
            StripeHttp.respond(exchange, 400, "text/html; charset=utf-8", payForm(session,
                    "Use test card 4242 4242 4242 4242 to pay, or 4000 0000 0000 0002 to be declined."));
        }
    }

    @SuppressWarnings("unchecked")
    private synchronized void complete(Map<String, Object> session, boolean disputed) {
        Map<String, Object> hidden = (Map<String, Object>) session.get("_emulator");
        long amount = (Long) session.get("amount_total");
        String currency = (String) session.get("currency");
        String customer = "cus_" + StripeHttp.randomId();
        session.put("customer", customer);
        session.put("status", "complete");
        session.put("payment_status", "paid");
        if ("subscription".equals(session.get("mode"))) {
            String subscription = account.subscribe(amount, currency, (String) hidden.get("interval"),
                    (Map<String, String>) hidden.get("subscriptionMetadata"), customer);
            session.put("subscription", subscription);
            deliver("checkout.session.completed", visible(session));
            account.announceFirstInvoice(subscription);
        } else {
            Map<String, Object> intent = account.collect(amount, currency,
                    (Map<String, String>) hidden.get("paymentMetadata"), customer);
            session.put("payment_intent", intent.get("id"));
            deliver("checkout.session.completed", visible(session));
            if (disputed) {
                account.dispute((String) intent.get("id"));
            }
        }
        log.info("Checkout {} paid: {} {}", session.get("id"), amount, currency);
    }

    @SuppressWarnings("unchecked")
    private void decline(Map<String, Object> session) {
        Map<String, Object> hidden = (Map<String, Object>) session.get("_emulator");
        deliver("payment_intent.payment_failed", account.decline((Long) session.get("amount_total"),
                (String) session.get("currency"), (Map<String, String>) hidden.get("paymentMetadata")));
    }

    private void deliver(String type, Map<String, Object> object) {
        String id = "evt_" + StripeHttp.randomId();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", id);
        event.put("object", "event");
        event.put("api_version", API_VERSION);
        event.put("created", Instant.now().getEpochSecond());
        event.put("livemode", false);
        event.put("pending_webhooks", 1);
        event.put("type", type);
        event.put("data", Map.of("object", object));
        webhooks.send(id, StripeHttp.json.writeValueAsString(event));
    }

    private static String payForm(Map<String, Object> session, String message) {
        long amount = (Long) session.get("amount_total");
        String currency = ((String) session.get("currency")).toUpperCase(Locale.ROOT);
        String recurring = "subscription".equals(session.get("mode")) ? " (recurring)" : "";
        String alert = message == null ? "" : "<p class=\"alert\" role=\"alert\">" + escape(message) + "</p>";
        return page("Pay " + currency, """
                <h1>Support independent journalism</h1>
                <p class="amount">%s %d.%02d%s</p>
                %s
                <form method="post">
                  <label for="card">Card number</label>
                  <input id="card" name="card" inputmode="numeric" autocomplete="cc-number" placeholder="4242 4242 4242 4242">
                  <button type="submit">Pay</button>
                </form>
                <p class="hint">Local Stripe emulator: 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined,
                4000 0000 0000 0259 pays and is then disputed.</p>
                <p><a href="%s">Cancel and go back</a></p>
                """.formatted(currency, amount / 100, amount % 100, recurring, alert,
                escape(String.valueOf(session.get("cancel_url")))));
    }

    private static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title><style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}"
                + ".amount{font-size:2rem}.alert{color:#b00020}input{display:block;width:100%;padding:.5rem;margin:.5rem 0}"
                + "button{padding:.6rem 1.2rem;background:#635bff;color:#fff;border:0;border-radius:4px}.hint{color:#666}"
                + "</style></head><body>" + body + "</body></html>";
    }

    private static Map<String, Object> visible(Map<String, Object> object) {
        Map<String, Object> view = new LinkedHashMap<>(object);
        view.remove("_emulator");
        return view;
    }

    private static String firstMissing(Map<String, String> form, String... names) {
        for (String name : names) {
            if (form.get(name) == null || form.get(name).isBlank()) {
                return name;
            }
        }
        return null;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public void close() {
        server.stop(0);
        webhooks.close();
    }
}
