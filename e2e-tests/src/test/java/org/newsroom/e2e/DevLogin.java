package org.newsroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import org.newsroom.localstack.DemoIdentity;
import org.newsroom.localstack.LocalStack;

/**
 * Access tokens from the local stack's identity provider, obtained the standard ways: a person signs in through
 * the authorization code flow with PKCE (as the gateway does for the dashboards), a program uses client credentials.
 */
final class DevLogin {

    private DevLogin() {
    }

    static String clientCredentials(LocalStack stack, String clientId) throws Exception {
        HttpResponse<String> token = Reader.http.send(HttpRequest.newBuilder(URI.create(stack.settings().issuerUri()
                        + "/oauth2/token"))
                .header("Authorization", basic(clientId, DemoIdentity.clientSecret(stack.settings().dataDir(), clientId)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return Reader.json.readTree(token.body()).path("access_token").asString();
    }

    static String signIn(LocalStack stack, DemoIdentity.Person person) throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String issuer = stack.settings().issuerUri();
        String redirect = stack.settings().gatewayUrl() + "/login/oauth2/code/newsroom";
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String back = signInAtProvider(browser, issuer, issuer + "/oauth2/authorize?response_type=code&client_id="
                + DemoIdentity.DASHBOARDS_CLIENT + "&scope=openid&state=e2e&code_challenge_method=S256&code_challenge="
                + challenge + "&redirect_uri=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8), person);
        assertThat(back).startsWith(redirect + "?code=");
        String code = back.replaceAll(".*code=([^&]+).*", "$1");
        HttpResponse<String> token = browser.send(HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
                .header("Authorization", basic(DemoIdentity.DASHBOARDS_CLIENT,
                        DemoIdentity.clientSecret(stack.settings().dataDir(), DemoIdentity.DASHBOARDS_CLIENT)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + code
                        + "&code_verifier=" + verifier + "&redirect_uri=" + URLEncoder.encode(redirect,
                        StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return Reader.json.readTree(token.body()).path("access_token").asString();
    }

    /**
     * Signs a person in to the dashboards at the gateway, as a browser does: the gateway sends them to the provider,
     * they fill in its form, the provider sends them back with a code, and the gateway keeps their session.
     */
    static DashboardSession dashboardSession(LocalStack stack, DemoIdentity.Person person) throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String gateway = stack.settings().gatewayUrl();
        String authorize = page(browser, gateway + "/oauth2/authorization/newsroom").headers().firstValue("Location")
                .orElseThrow();
        assertThat(authorize).contains("code_challenge_method=S256");
        String callback = signInAtProvider(browser, stack.settings().issuerUri(), authorize, person);
        HttpResponse<String> signedIn = page(browser, callback);
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
        return new DashboardSession(browser, gateway);
    }

    /** A browser signed in to the dashboards: its calls carry the session cookie (and the CSRF header for changes). */
    record DashboardSession(HttpClient browser, String gatewayUrl) {

        HttpResponse<String> get(String path) throws Exception {
            return browser.send(HttpRequest.newBuilder(URI.create(gatewayUrl + path))
                    .header("Accept", "application/json, text/html;q=0.9").build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** Opens the authorization request, fills in the provider's sign-in form, returns where the provider redirects. */
    private static String signInAtProvider(HttpClient browser, String issuer, String authorizationRequest,
            DemoIdentity.Person person) throws Exception {
        page(browser, authorizationRequest);
        String csrf = page(browser, issuer + "/login").body()
                .replaceAll("(?s).*name=\"_csrf\"[^>]*value=\"([^\"]+)\".*", "$1");
        HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(URI.create(issuer + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + person.username() + "&password="
                        + person.password() + "&_csrf=" + csrf)).build(), HttpResponse.BodyHandlers.ofString());
        return page(browser, signedIn.headers().firstValue("Location").orElseThrow())
                .headers().firstValue("Location").orElseThrow();
    }

    private static HttpResponse<String> page(HttpClient browser, String url) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}
