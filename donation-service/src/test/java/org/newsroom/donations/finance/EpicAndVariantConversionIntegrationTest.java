package org.newsroom.donations.finance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The appeal a publisher's page shows: copy from the A/B test's variants (sticky per reader), the currency of the
 * reader's country, the checkout's own limits and presets; views counted once per page view; and finance seeing
 * how each variant converts.
 */
class EpicAndVariantConversionIntegrationTest extends FinanceTestSupport {

    private JsonNode epic(String query, String country) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/donations/epic" + query));
        if (country != null) {
            request.header("X-Reader-Country", country);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(
                value -> assertThat(value).contains("private"));
        return json.readTree(response.body());
    }

    @Test
    void aReaderGetsTheCurrencyOfTheirCountryAndTheCheckoutsOwnLimits() throws Exception {
        JsonNode american = epic("?reader=reader-0001", "US");
        assertThat(american.path("currency").asString()).isEqualTo("USD");
        assertThat(american.path("highlight").asString()).contains("from as little as $1 ");
        JsonNode usdOneOff = american.path("options").path("USD").path("frequencies").path("ONE_OFF");
        assertThat(usdOneOff.path("min").asLong()).isEqualTo(100);
        assertThat(usdOneOff.path("max").asLong()).isEqualTo(1_000_000);
        assertThat(usdOneOff.path("presets").toString()).isEqualTo("[500,1000,2500]");
        assertThat(american.path("options").path("USD").path("frequencies").path("MONTHLY").path("min").asLong())
                .isEqualTo(200);

        JsonNode british = epic("?reader=reader-0001", "GB");
        assertThat(british.path("currency").asString()).isEqualTo("GBP");
        assertThat(british.path("highlight").asString()).contains("£1");
        assertThat(british.path("options").path("GBP").path("frequencies").path("ONE_OFF").path("presets").toString())
                .isEqualTo("[400,800,2000]");

        assertThat(epic("?reader=reader-0001&currency=eur", "GB").path("currency").asString())
                .as("the reader's own switch wins").isEqualTo("EUR");
        assertThat(epic("", "ZZ").path("currency").asString()).isEqualTo("USD");
    }

    @Test
    void aReaderKeepsTheirVariantAndReadersSpreadOverTheWeights() throws Exception {
        Map<String, Integer> spread = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            String reader = "reader-" + UUID.randomUUID();
            String variant = epic("?reader=" + reader, "US").path("variant").asString();
            assertThat(epic("?reader=" + reader, "US").path("variant").asString()).isEqualTo(variant);
            spread.merge(variant, 1, Integer::sum);
        }
        assertThat(spread.keySet()).containsExactlyInAnyOrder("control", "ticker");
        assertThat(spread.get("control")).isBetween(60, 140); // 50/50 weights
        assertThat(epic("", "US").path("variant").asString()).as("no id: the control").isEqualTo("control");
    }

    @Test
    void malformedAppealRequestsAreNamed400s() throws Exception {
        assertThat(get("/api/donations/epic?reader=x", null).status()).isEqualTo(400);
        Reply currency = get("/api/donations/epic?currency=XYZ", null);
        assertThat(currency.status()).isEqualTo(400);
        assertThat(currency.body()).contains("currency");
        Reply variant = post("/api/donations/epic/views", null, null, "{\"variant\":\"nope\",\"viewId\":\"view-00001\"}");
        assertThat(variant.status()).isEqualTo(400);
        assertThat(variant.body()).contains("variant");
        assertThat(post("/api/donations/epic/views", null, null, "{\"variant\":\"control\",\"viewId\":\"<x>\"}")
                .status()).isEqualTo(400);
        assertThat(get("/api/donations/finance/variants?from=2026-11-02&to=2026-11-01", financeToken()).status())
                .isEqualTo(400);
        assertThat(get("/api/donations/finance/variants?from=2026-11-01", financeToken()).body()).contains("\"to\"");
    }

    @Test
    void financeSeesViewsCheckoutsAndMoneyPerVariantWithEachViewCountedOnce() throws Exception {
        mongo.dropCollection("epic_views");
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        for (int i = 0; i < 10; i++) {
            String viewId = "view-" + UUID.randomUUID();
            assertThat(post("/api/donations/epic/views", null, null,
                    "{\"variant\":\"%s\",\"viewId\":\"%s\"}".formatted(i < 6 ? "control" : "ticker", viewId))
                    .status()).isEqualTo(204);
            if (i == 0) { // the same beacon again: counted once
                post("/api/donations/epic/views", null, null, "{\"variant\":\"control\",\"viewId\":\"%s\"}"
                        .formatted(viewId));
            }
        }
        Instant now = Instant.now();
        store(entry("PAID", 1_000, "USD", "ONE_OFF", now).paid(now, 59, "ch_1"));
        store(entry("PENDING", 500, "USD", "ONE_OFF", now));
        store(entry("PAID", 800, "GBP", "MONTHLY", now).paid(now, 40, "ch_2").with("variant", "ticker"));

        assertThat(get("/api/donations/finance/variants?from=" + today + "&to=" + today, null).status()).isEqualTo(401);
        Reply report = get("/api/donations/finance/variants?from=" + today + "&to=" + today, financeToken());
        assertThat(report.status()).as(report.body()).isEqualTo(200);
        JsonNode control = report.json().get(0);
        assertThat(control.path("variant").asString()).isEqualTo("control");
        assertThat(control.path("views").asLong()).isEqualTo(6);
        assertThat(control.path("checkouts").asLong()).isEqualTo(2);
        assertThat(control.path("collected").asLong()).isEqualTo(1);
        assertThat(control.path("collectedMinorUnits").path("USD").asLong()).isEqualTo(1_000);
        assertThat(control.path("conversionRate").asDouble()).isEqualTo(1.0 / 6);
        JsonNode ticker = report.json().get(1);
        assertThat(ticker.path("views").asLong()).isEqualTo(4);
        assertThat(ticker.path("collectedMinorUnits").path("GBP").asLong()).isEqualTo(800);
    }
}
