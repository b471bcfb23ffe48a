package org.newsroom.localstack.stripe;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small, stateful stand-in for exactly the Stripe API the donation service uses, for machines that cannot reach
 * Stripe: Checkout Sessions (form-encoded, Stripe's JSON shapes and error format, idempotency-key replay), payment
 * intents with their charge and balance transaction, a hosted checkout page where a person pays with test card
 * 4242 4242 4242 4242 or is declined with 4000 0000 0000 0002, and webhooks signed with Stripe's scheme and retried
 * on non-2xx. State lives in memory: a restart forgets open sessions, as an expired Stripe session would be.
 */
public final class StripeEmulator implements AutoCloseable {

    public static final String API_VERSION = "2026-07-29.dahlia";
    private static final String PAYS = "4242424242424242";
    private static final String DECLINES = "4000000000000002";
    private static final Logger log = LoggerFactory.getLogger(StripeEmulator.class);
    private static final JsonMapper json = JsonMapper.builder().build();
    private static final SecureRandom random = new SecureRandom();

    private record Replay(String requestBody, int status, String responseBody) {
    }

    private final HttpServer server;
    private final String secretKey;
    private final String baseUrl;
    private final WebhookSender webhooks;
    private final Map<String, Map<String, Object>> sessions = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> paymentIntents = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> charges = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> balanceTransactions = new ConcurrentHashMap<>();
    private final Map<String, Replay> replays = new ConcurrentHashMap<>();

    private StripeEmulator(HttpServer server, String secretKey, String baseUrl, WebhookSender webhooks) {
        this.server = server;
        this.secretKey = secretKey;
        this.baseUrl = baseUrl;
        this.webhooks = webhooks;
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
        server.createContext("/v1/checkout/sessions", emulator::sessions);
        server.createContext("/v1/payment_intents/", emulator::paymentIntent);
        server.createContext("/pay/", emulator::checkoutPage);
        server.start();
        return emulator;
    }

    public String baseUrl() {
        return baseUrl;
    }

    // ---- API -------------------------------------------------------------------------------------------------

    private void sessions(HttpExchange exchange) throws IOException {
        if (!authorised(exchange)) {
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            error(exchange, 405, "invalid_request_error", null, "Unsupported method");
            return;
        }
        String body = read(exchange.getRequestBody());
        String idempotencyKey = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (idempotencyKey != null) {
            Replay replay = replays.get(idempotencyKey);
            if (replay != null) {
                if (!replay.requestBody().equals(body)) {
                    error(exchange, 400, "idempotency_error", null, "Keys for idempotent requests can only be used "
                            + "with the same parameters they were first used with.");
                } else {
                    exchange.getResponseHeaders().add("Idempotent-Replayed", "true");
                    respond(exchange, replay.status(), "application/json", replay.responseBody());
                }
                return;
            }
        }
        Map<String, String> form = FormBody.parse(body);
        String missing = firstMissing(form, "mode", "success_url", "line_items[0][price_data][currency]",
                "line_items[0][price_data][unit_amount]");
        if (missing != null) {
            error(exchange, 400, "invalid_request_error", missing, "Missing required param: " + missing + ".");
            return;
        }
        String id = "cs_test_" + randomId();
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
        String interval = form.get("line_items[0][price_data][recurring][interval]");
        Map<String, Object> hidden = new LinkedHashMap<>();
        hidden.put("interval", interval);
        hidden.put("productName", form.get("line_items[0][price_data][product_data][name]"));
        hidden.put("paymentMetadata", FormBody.under(form, "payment_intent_data[metadata]"));
        hidden.put("subscriptionMetadata", FormBody.under(form, "subscription_data[metadata]"));
        session.put("_emulator", hidden);
        sessions.put(id, session);
        String response = json.writeValueAsString(visible(session));
        if (idempotencyKey != null) {
            replays.put(idempotencyKey, new Replay(body, 200, response));
        }
        respond(exchange, 200, "application/json", response);
    }

    private void paymentIntent(HttpExchange exchange) throws IOException {
        if (!authorised(exchange)) {
            return;
        }
        String id = exchange.getRequestURI().getPath().substring("/v1/payment_intents/".length());
        Map<String, Object> intent = paymentIntents.get(id);
        if (intent == null) {
            error(exchange, 404, "invalid_request_error", "id", "No such payment_intent: '" + id + "'");
            return;
        }
        String query = exchange.getRequestURI().getRawQuery();
        String expand = query == null ? "" : URLDecoder.decode(query, StandardCharsets.UTF_8);
        Map<String, Object> view = new LinkedHashMap<>(intent);
        if (expand.contains("latest_charge") && intent.get("latest_charge") != null) {
            Map<String, Object> charge = new LinkedHashMap<>(charges.get((String) intent.get("latest_charge")));
            if (expand.contains("latest_charge.balance_transaction")) {
                charge.put("balance_transaction", balanceTransactions.get((String) charge.get("balance_transaction")));
            }
            view.put("latest_charge", charge);
        }
        respond(exchange, 200, "application/json", json.writeValueAsString(view));
    }

    // ---- Hosted checkout page --------------------------------------------------------------------------------

    private void checkoutPage(HttpExchange exchange) throws IOException {
        String id = exchange.getRequestURI().getPath().substring("/pay/".length());
        Map<String, Object> session = sessions.get(id);
        if (session == null) {
            respond(exchange, 404, "text/html; charset=utf-8", page("Checkout not found",
                    "<p>This checkout link is unknown or has expired.</p>"));
            return;
        }
        if ("GET".equals(exchange.getRequestMethod())) {
            respond(exchange, 200, "text/html; charset=utf-8", payForm(session, null));
            return;
        }
        String card = FormBody.parse(read(exchange.getRequestBody())).getOrDefault("card", "").replaceAll("\\D", "");
        if (!"open".equals(session.get("status"))) {
            redirect(exchange, (String) session.get("success_url"));
        } else if (PAYS.equals(card)) {
            complete(session);
            redirect(exchange, (String) session.get("success_url"));
        } else if (DECLINES.equals(card)) {
            decline(session);
            respond(exchange, 402, "text/html; charset=utf-8", payForm(session, "Your card was declined."));
        } else {
            respond(exchange, 400, "text/html; charset=utf-8", payForm(session,
                    "Use test card 4242 4242 4242 4242 to pay, or 4000 0000 0000 0002 to be declined."));
        }
    }

    @SuppressWarnings("unchecked")
    private synchronized void complete(Map<String, Object> session) {
        Map<String, Object> hidden = (Map<String, Object>) session.get("_emulator");
        long amount = (Long) session.get("amount_total");
        String currency = (String) session.get("currency");
        String customer = "cus_" + randomId();
        session.put("customer", customer);
        session.put("status", "complete");
        session.put("payment_status", "paid");
        if ("subscription".equals(session.get("mode"))) {
            session.put("subscription", "sub_" + randomId());
        } else {
            String intentId = "pi_" + randomId();
            String chargeId = "ch_" + randomId();
            String balanceId = "txn_" + randomId();
            long fee = (amount * 29 + 500) / 1000 + 30; // 2.9 % + 30, as Stripe's standard card pricing
            balanceTransactions.put(balanceId, Map.of("id", balanceId, "object", "balance_transaction",
                    "amount", amount, "fee", fee, "net", amount - fee, "currency", currency, "status", "available"));
            charges.put(chargeId, new LinkedHashMap<>(Map.of("id", chargeId, "object", "charge", "amount", amount,
                    "amount_refunded", 0L, "currency", currency, "payment_intent", intentId, "refunded", false,
                    "balance_transaction", balanceId)));
            Map<String, Object> intent = new LinkedHashMap<>();
            intent.put("id", intentId);
            intent.put("object", "payment_intent");
            intent.put("amount", amount);
            intent.put("currency", currency);
            intent.put("status", "succeeded");
            intent.put("metadata", hidden.get("paymentMetadata"));
            intent.put("latest_charge", chargeId);
            paymentIntents.put(intentId, intent);
            session.put("payment_intent", intentId);
        }
        deliver("checkout.session.completed", visible(session));
        log.info("Checkout {} paid: {} {}", session.get("id"), amount, currency);
    }

    @SuppressWarnings("unchecked")
    private void decline(Map<String, Object> session) {
        Map<String, Object> hidden = (Map<String, Object>) session.get("_emulator");
        Map<String, Object> intent = new LinkedHashMap<>();
        intent.put("id", "pi_" + randomId());
        intent.put("object", "payment_intent");
        intent.put("amount", session.get("amount_total"));
        intent.put("currency", session.get("currency"));
        intent.put("status", "requires_payment_method");
        intent.put("metadata", hidden.get("paymentMetadata"));
        intent.put("last_payment_error", Map.of("type", "card_error", "code", "card_declined",
                "decline_code", "generic_decline", "message", "Your card was declined."));
        paymentIntents.put((String) intent.get("id"), intent);
        deliver("payment_intent.payment_failed", intent);
    }

    private void deliver(String type, Map<String, Object> object) {
        String id = "evt_" + randomId();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", id);
        event.put("object", "event");
        event.put("api_version", API_VERSION);
        event.put("created", Instant.now().getEpochSecond());
        event.put("livemode", false);
        event.put("pending_webhooks", 1);
        event.put("type", type);
        event.put("data", Map.of("object", object));
        webhooks.send(id, json.writeValueAsString(event));
    }

    private static String payForm(Map<String, Object> session, String message) {
        long amount = (Long) session.get("amount_total");
        String currency = ((String) session.get("currency")).toUpperCase();
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
                <p class="hint">Local Stripe emulator: 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined.</p>
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

    // ---- Plumbing --------------------------------------------------------------------------------------------

    private boolean authorised(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.equals("Bearer " + secretKey)) {
            error(exchange, 401, "invalid_request_error", null, "Invalid API Key provided.");
            return false;
        }
        return true;
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

    private static void error(HttpExchange exchange, int status, String type, String param, String message)
            throws IOException {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", type);
        error.put("message", message);
        if (param != null) {
            error.put("param", param);
        }
        respond(exchange, status, "application/json", json.writeValueAsString(Map.of("error", error)));
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(303, -1);
        exchange.close();
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.getResponseHeaders().add("Request-Id", "req_" + randomId());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String randomId() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        webhooks.close();
    }
}
