package org.newsroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.newsroom.localstack.LocalStack;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a reader's browser does to give: start a checkout through the gateway, then pay on the emulator's page. */
final class Reader {

    static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final JsonMapper json = JsonMapper.builder().build();

    private Reader() {
    }

    /** @return the checkout API's answer: contributionId and checkoutUrl */
    static JsonNode startCheckout(LocalStack stack, long amount, String email) throws Exception {
        HttpResponse<String> response = checkout(stack, amount, email, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json.readTree(response.body());
    }

    /**
     * Asks the gateway for a checkout, whatever it answers.
     *
     * @param clientAddress the reader's address as the load balancer in front of the gateway states it
     *                      (X-Forwarded-For), or null for this machine's own
     */
    static HttpResponse<String> checkout(LocalStack stack, long amount, String email, String clientAddress)
            throws Exception {
        String returnUrl = stack.settings().gatewayUrl() + "/article/syria";
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(stack.settings().gatewayUrl() + "/api/donations/checkouts"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"amount":%d,"currency":"usd","frequency":"one_off","email":"%s",
                         "returnUrl":"%s","context":{"pageUrl":"%s","variant":"control","country":"US"}}
                        """.formatted(amount, email, returnUrl, returnUrl)));
        if (clientAddress != null) {
            request.header("X-Forwarded-For", clientAddress);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> pay(String checkoutUrl, String card) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(checkoutUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("card=" + card.replace(" ", "+"))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
