package org.newsroom.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The development provider issues standard OIDC tokens that carry the suite's roles and advertiser binding. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "identity.users[0].username=fiona", "identity.users[0].password=fiona-pass",
        "identity.users[0].roles=FINANCE,FINANCE_ADMIN",
        "identity.clients[0].client-id=dashboards", "identity.clients[0].secret=dash-secret",
        "identity.clients[0].grant-types=authorization_code,refresh_token",
        "identity.clients[0].redirect-uris=http://localhost:8080/login/oauth2/code/newsroom",
        "identity.clients[0].scopes=openid,profile",
        "identity.clients[1].client-id=advertiser-reports", "identity.clients[1].secret=reports-secret",
        "identity.clients[1].grant-types=client_credentials", "identity.clients[1].roles=ADVERTISER",
        "identity.clients[1].advertiser-id=adv_demo_meridian",
        "spring.security.oauth2.authorizationserver.issuer=http://localhost:9000"})
class IdentityProviderTest {

    private static final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    @Test
    void discoveryNamesTheIssuerAndItsKeysAndHealthIsOpen() throws Exception {
        JsonNode discovery = json.readTree(get(url("/.well-known/openid-configuration")).body());
        assertThat(discovery.path("issuer").asString()).isEqualTo("http://localhost:9000");
        assertThat(discovery.path("jwks_uri").asString()).endsWith("/oauth2/jwks");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(url("/actuator/health"))).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void aMachineClientGetsAnAccessTokenWithItsRolesAndAdvertiser() throws Exception {
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(url("/oauth2/token")))
                .header("Authorization", basic("advertiser-reports", "reports-secret"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(token.statusCode()).isEqualTo(200);
        JsonNode claims = claims(json.readTree(token.body()).path("access_token").asString());
        assertThat(claims.path("roles").get(0).asString()).isEqualTo("ADVERTISER");
        assertThat(claims.path("advertiser_id").asString()).isEqualTo("adv_demo_meridian");
        assertThat(claims.path("iss").asString()).isEqualTo("http://localhost:9000");

        HttpResponse<String> wrongSecret = http.send(HttpRequest.newBuilder(URI.create(url("/oauth2/token")))
                .header("Authorization", basic("advertiser-reports", "guess"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
    }

    @Test
    void aPersonSignsInThroughTheAuthorizationCodeFlowWithPkceAndGetsTheirRoles() throws Exception {
        String redirect = "http://localhost:8080/login/oauth2/code/newsroom";
        String verifier = "a-long-random-code-verifier-for-pkce-0123456789abcdefghijkl";
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String authorize = url("/oauth2/authorize?response_type=code&client_id=dashboards&scope=openid%20profile"
                + "&state=s1&code_challenge_method=S256&code_challenge=" + challenge
                + "&redirect_uri=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8));

        HttpResponse<String> toLogin = get(authorize);
        assertThat(toLogin.statusCode()).isEqualTo(302);
        String loginPage = get(url("/login")).body();
        String csrf = loginPage.replaceAll("(?s).*name=\"_csrf\"[^>]*value=\"([^\"]+)\".*", "$1");
        HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create(url("/login")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=fiona&password=fiona-pass&_csrf=" + csrf)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        HttpResponse<String> withCode = get(signedIn.headers().firstValue("Location").orElseThrow());
        String location = withCode.headers().firstValue("Location").orElseThrow(() -> new AssertionError(
                signedIn.headers().firstValue("Location") + " -> " + withCode.statusCode() + " " + withCode.body()));
        assertThat(location).startsWith(redirect + "?code=");
        String code = location.replaceAll(".*code=([^&]+).*", "$1");

        HttpResponse<String> tokens = http.send(HttpRequest.newBuilder(URI.create(url("/oauth2/token")))
                .header("Authorization", basic("dashboards", "dash-secret"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + code
                        + "&code_verifier=" + verifier
                        + "&redirect_uri=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        JsonNode access = claims(json.readTree(tokens.body()).path("access_token").asString());
        JsonNode id = claims(json.readTree(tokens.body()).path("id_token").asString());
        assertThat(access.path("roles").toString()).isEqualTo("[\"FINANCE\",\"FINANCE_ADMIN\"]");
        assertThat(access.path("sub").asString()).isEqualTo("fiona");
        assertThat(id.path("roles").toString()).contains("FINANCE");
    }

    @Test
    void aWrongPasswordDoesNotSignIn() throws Exception {
        get(url("/oauth2/authorize?response_type=code&client_id=dashboards&scope=openid"));
        String csrf = get(url("/login")).body().replaceAll("(?s).*name=\"_csrf\"[^>]*value=\"([^\"]+)\".*", "$1");
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(url("/login")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=fiona&password=nope&_csrf=" + csrf)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).contains("/login?error"));
    }

    private HttpResponse<String> get(String url) throws Exception {
        // As a browser asks: for a page.
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode claims(String jwt) {
        return json.readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }
}
