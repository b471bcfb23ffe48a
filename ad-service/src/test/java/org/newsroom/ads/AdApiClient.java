package org.newsroom.ads;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import java.util.List;

import org.newsroom.platform.testing.TestIdentityProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives one ad-service instance over real HTTP, as ad operations and pages do: by default with an AD_OPS access
 * token from the tests' identity provider ({@link #as} for another caller, {@link #anonymous} for none).
 */
public final class AdApiClient {

    /** The identity provider every ad-service test context trusts (register it in @DynamicPropertySource). */
    public static final TestIdentityProvider IDENTITY = new TestIdentityProvider();

    public record Reply(int status, JsonNode body, String raw) {
    }

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final JsonMapper json = JsonMapper.builder().build();

    private final String baseUrl;
    private final String token;

    public AdApiClient(int port) {
        this("http://localhost:" + port, IDENTITY.token("olga", List.of("AD_OPS")));
    }

    private AdApiClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** The same service, called with this bearer token. */
    public AdApiClient as(String accessToken) {
        return new AdApiClient(baseUrl, accessToken);
    }

    public AdApiClient anonymous() {
        return new AdApiClient(baseUrl, null);
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    /** @param headers name, value, name, value... */
    public Reply post(String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    public Reply put(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Reply send(HttpRequest.Builder request) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            boolean isJson = response.headers().firstValue("Content-Type").orElse("").contains("json");
            JsonNode body = isJson && !response.body().isBlank() ? json.readTree(response.body()) : null;
            return new Reply(response.statusCode(), body, response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
