package org.newsroom.localstack.stripe;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpExchange;
import tools.jackson.databind.json.JsonMapper;

/**
 * How Stripe's API talks: bearer secret key, form-encoded requests, JSON answers with a {@code Request-Id}, errors
 * as {@code {"error": {type, message, param}}}, and idempotency keys whose first answer is replayed for the same
 * parameters and refused for others.
 */
final class StripeHttp {

    static final JsonMapper json = JsonMapper.builder().build();
    private static final SecureRandom random = new SecureRandom();

    private record Replay(String requestBody, int status, String responseBody) {
    }

    private final String secretKey;
    private final Map<String, Replay> replays = new ConcurrentHashMap<>();

    StripeHttp(String secretKey) {
        this.secretKey = secretKey;
    }

    boolean authorised(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.equals("Bearer " + secretKey)) {
            error(exchange, 401, "invalid_request_error", null, "Invalid API Key provided.");
            return false;
        }
        return true;
    }

    /** @return true when the request was answered from an earlier one with the same Idempotency-Key */
    boolean replayed(HttpExchange exchange, String body) throws IOException {
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        Replay replay = key == null ? null : replays.get(key);
        if (replay == null) {
            return false;
        }
        if (!replay.requestBody().equals(body)) {
            error(exchange, 400, "idempotency_error", null, "Keys for idempotent requests can only be used "
                    + "with the same parameters they were first used with.");
        } else {
            exchange.getResponseHeaders().add("Idempotent-Replayed", "true");
            respond(exchange, replay.status(), "application/json", replay.responseBody());
        }
        return true;
    }

    /** Answers with {@code object} and remembers the answer under the request's Idempotency-Key. */
    void answer(HttpExchange exchange, String body, Object object) throws IOException {
        respond(exchange, 200, "application/json", remember(exchange, body, object));
    }

    /** Like {@link #answer}, but only after {@code delay}: the work is done, the caller may have given up. */
    void answerLate(HttpExchange exchange, String body, Object object, Duration delay) throws IOException {
        String response = remember(exchange, body, object);
        try {
            Thread.sleep(delay);
            respond(exchange, 200, "application/json", response);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException callerGone) {
            exchange.close();
        }
    }

    private String remember(HttpExchange exchange, String body, Object object) {
        String response = json.writeValueAsString(object);
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (key != null) {
            replays.put(key, new Replay(body, 200, response));
        }
        return response;
    }

    static void error(HttpExchange exchange, int status, String type, String param, String message)
            throws IOException {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", type);
        error.put("message", message);
        if (param != null) {
            error.put("param", param);
        }
        respond(exchange, status, "application/json", json.writeValueAsString(Map.of("error", error)));
    }

    static void notFound(HttpExchange exchange, String kind, String id) throws IOException {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", "invalid_request_error");
        error.put("code", "resource_missing");
        error.put("param", "id");
        error.put("message", "No such " + kind + ": '" + id + "'");
        respond(exchange, 404, "application/json", json.writeValueAsString(Map.of("error", error)));
    }

    static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(303, -1);
        exchange.close();
    }

    static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.getResponseHeaders().add("Request-Id", "req_" + randomId());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The query string's parameters, decoded, e.g. {@code expand[0] -> data.source}. */
    static Map<String, String> query(HttpExchange exchange) {
        String raw = exchange.getRequestURI().getRawQuery();
        Map<String, String> parameters = new LinkedHashMap<>();
        if (raw == null) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            parameters.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return parameters;
    }

    static String randomId() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
