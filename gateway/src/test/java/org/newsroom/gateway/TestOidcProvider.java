package org.newsroom.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.newsroom.platform.testing.TestIdentityProvider;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small OpenID Connect provider speaking the real protocol to the gateway: discovery, the authorization endpoint
 * (which signs in whoever the test chose, without a form), the token endpoint (checking the client's secret and the
 * PKCE verifier), refresh tokens, signed ID tokens carrying the nonce, and RP-initiated logout. The gateway's
 * sign-in is Spring Security's, unchanged; this plays the provider's part.
 */
final class TestOidcProvider implements AutoCloseable {

    /** Who signs in at the next authorization request. */
    record Person(String username, List<String> roles, String advertiserId) {
    }

    private record Grant(Person person, String nonce, String codeChallenge, String redirectUri) {
    }

    static final String CLIENT_ID = "newsroom-dashboards";
    static final String CLIENT_SECRET = "test-dashboards-secret";

    /** Only their keys are used: the last signs this provider's tokens and its public half is served at /jwks. */
    private final List<TestIdentityProvider> keys = new CopyOnWriteArrayList<>(List.of(new TestIdentityProvider()));
    private final HttpServer server;
    private final ExecutorService exchanges = Executors.newVirtualThreadPerTaskExecutor();
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, Person> refreshTokens = new ConcurrentHashMap<>();
    private final List<String> issuedAccessTokens = new CopyOnWriteArrayList<>();
    private final AtomicInteger refreshes = new AtomicInteger();
    private final AtomicInteger signOuts = new AtomicInteger();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final AtomicInteger keyRequests = new AtomicInteger();
    private volatile boolean keysAnswer = true;
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile boolean tokenEndpointAnswers = true;
    private volatile Person next;
    private volatile long accessTokenSeconds = 300;

    TestOidcProvider() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/.well-known/openid-configuration", exchange -> send(exchange, 200, discovery()));
            server.createContext("/jwks", this::jwks);
            server.createContext("/authorize", this::authorize);
            server.createContext("/token", this::token);
            server.createContext("/logout", this::logout);
            // Each exchange on its own thread, as in TestIdentityProvider: one stalled client must not stall all.
            server.setExecutor(exchanges);
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void signsIn(Person person) {
        this.next = person;
    }

    /** Access tokens issued from now on expire after this many seconds (0: already expired when relayed). */
    void accessTokensLast(long seconds) {
        this.accessTokenSeconds = seconds;
    }

    /** Whether the token endpoint answers; when not, it reads the request and then holds it until closed. */
    void tokenEndpointAnswers(boolean answers) {
        this.tokenEndpointAnswers = answers;
    }

    int tokenRequests() {
        return tokenRequests.get();
    }

    /** Whether /jwks answers; when not, it holds each request until closed. */
    void keysAnswer(boolean answer) {
        this.keysAnswer = answer;
    }

    int keyRequests() {
        return keyRequests.get();
    }

    /** Tokens are signed with a new key from now on, one the gateway has to fetch. */
    void rotateSigningKey() {
        keys.add(new TestIdentityProvider());
    }

    List<String> issuedAccessTokens() {
        return issuedAccessTokens;
    }

    int refreshes() {
        return refreshes.get();
    }

    int signOuts() {
        return signOuts.get();
    }

    private String discovery() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer());
        document.put("authorization_endpoint", issuer() + "/authorize");
        document.put("token_endpoint", issuer() + "/token");
        document.put("jwks_uri", issuer() + "/jwks");
        document.put("end_session_endpoint", issuer() + "/logout");
        document.put("response_types_supported", List.of("code"));
        document.put("subject_types_supported", List.of("public"));
        document.put("id_token_signing_alg_values_supported", List.of("RS256"));
        document.put("code_challenge_methods_supported", List.of("S256"));
        document.put("scopes_supported", List.of("openid", "profile"));
        document.put("grant_types_supported", List.of("authorization_code", "refresh_token"));
        document.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic"));
        return json.writeValueAsString(document);
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        if (!CLIENT_ID.equals(query.get("client_id")) || next == null) {
            send(exchange, 400, "{\"error\":\"invalid_request\"}");
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new Grant(next, query.get("nonce"), query.get("code_challenge"), query.get("redirect_uri")));
        exchange.getResponseHeaders().add("Location", query.get("redirect_uri") + "?code=" + code + "&state="
                + java.net.URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void jwks(HttpExchange exchange) throws IOException {
        keyRequests.incrementAndGet();
        if (!keysAnswer) {
            holdUntilClosed();
            return;
        }
        send(exchange, 200, keys.getLast().publicJwkSet());
    }

    private void token(HttpExchange exchange) throws IOException {
        tokenRequests.incrementAndGet();
        if (!tokenEndpointAnswers) {
            exchange.getRequestBody().readAllBytes();
            holdUntilClosed();
            return;
        }
        String expected = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET)
                .getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            send(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        Map<String, String> body = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if ("refresh_token".equals(body.get("grant_type"))) {
            Person person = refreshTokens.get(body.get("refresh_token"));
            if (person == null) {
                send(exchange, 400, "{\"error\":\"invalid_grant\"}");
                return;
            }
            refreshes.incrementAndGet();
            send(exchange, 200, tokens(person, null, body.get("refresh_token")));
            return;
        }
        Grant grant = codes.remove(body.get("code"));
        if (grant == null || !grant.redirectUri().equals(body.get("redirect_uri"))
                || !s256(body.get("code_verifier")).equals(grant.codeChallenge())) {
            send(exchange, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        String refreshToken = UUID.randomUUID().toString();
        refreshTokens.put(refreshToken, grant.person());
        send(exchange, 200, tokens(grant.person(), grant.nonce(), refreshToken));
    }

    private void logout(HttpExchange exchange) throws IOException {
        signOuts.incrementAndGet();
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        exchange.getResponseHeaders().add("Location", query.get("post_logout_redirect_uri"));
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private String tokens(Person person, String nonce, String refreshToken) {
        Instant now = Instant.now();
        Map<String, Object> claims = new HashMap<>();
        claims.put("roles", person.roles());
        claims.put("preferred_username", person.username());
        if (person.advertiserId() != null) {
            claims.put("advertiser_id", person.advertiserId());
        }
        String accessToken = sign(claims(person, claims, now, now.plusSeconds(accessTokenSeconds)).build());
        issuedAccessTokens.add(accessToken);
        JWTClaimsSet.Builder id = claims(person, claims, now, now.plusSeconds(300)).audience(CLIENT_ID)
                .claim("azp", CLIENT_ID);
        if (nonce != null) {
            id.claim("nonce", nonce);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("access_token", accessToken);
        response.put("token_type", "Bearer");
        response.put("expires_in", accessTokenSeconds);
        response.put("refresh_token", refreshToken);
        response.put("scope", "openid profile");
        if (nonce != null) {
            response.put("id_token", sign(id.build()));
        }
        return json.writeValueAsString(response);
    }

    private JWTClaimsSet.Builder claims(Person person, Map<String, Object> extra, Instant now, Instant expiry) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer(issuer()).subject(person.username())
                .issueTime(Date.from(now)).expirationTime(Date.from(expiry)).jwtID(UUID.randomUUID().toString());
        extra.forEach(builder::claim);
        return builder;
    }

    private String sign(JWTClaimsSet claims) {
        return keys.getLast().sign(claims);
    }

    private static String s256(String verifier) {
        if (verifier == null) {
            return "";
        }
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A provider that stopped answering: the request was read, no answer follows. */
    private void holdUntilClosed() {
        try {
            closing.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> values = new HashMap<>();
        if (encoded == null) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static void send(HttpExchange exchange, int status, String body) {
        try {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        exchanges.shutdownNow();
        keys.forEach(TestIdentityProvider::close);
    }
}
