package org.newsroom.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.newsroom.localstack.DemoIdentity;
import org.newsroom.localstack.LocalStack;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ad operations' automation client on the local stack: a campaign of its own on slots of its own (so a test counts
 * only its own impressions), the render URLs a reader's page would get, and the advertiser's report.
 */
final class AdOpsApi {

    static final String READER_UA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Safari/605.1.15";
    private static final HttpClient http = Reader.http;
    private static final JsonMapper json = Reader.json;

    /** A test's own advertiser, campaign and slots. */
    record OwnCampaign(String advertiserId, String campaignId, List<String> slots) {
    }

    private final LocalStack stack;
    private final String token;

    AdOpsApi(LocalStack stack) throws Exception {
        this.stack = stack;
        this.token = DevLogin.clientCredentials(stack, DemoIdentity.AD_OPS_AUTOMATION_CLIENT);
    }

    JsonNode send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.settings().gatewayUrl() + path))
                .timeout(Duration.ofSeconds(10)).header("User-Agent", READER_UA)
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response.body().isBlank() ? json.nullNode() : json.readTree(response.body());
    }

    /** An active, uncapped campaign with one approved native creative on each of the given new slots. */
    OwnCampaign campaignOnOwnSlots(String name, String... slotKeys) throws Exception {
        for (String slot : slotKeys) {
            send("POST", "/api/ads/admin/slots", "{\"key\":\"%s\",\"name\":\"%s\",\"sizes\":[\"300x250\"]}".formatted(slot, name));
        }
        String advertiser = send("POST", "/api/ads/admin/advertisers", "{\"name\":\"%s Ltd\"}".formatted(name))
                .path("id").asString();
        Instant now = Instant.now();
        String campaign = send("POST", "/api/ads/admin/campaigns", """
                {"advertiserId":"%s","name":"%s","status":"active","startsAt":"%s","endsAt":"%s","tier":"sponsorship",
                 "weight":1,"cpm":{"minorUnits":400,"currency":"USD"},"pacing":"asap","targeting":{"slots":[%s]}}
                """.formatted(advertiser, name, now.minusSeconds(60), now.plusSeconds(86_400),
                "\"" + String.join("\",\"", slotKeys) + "\"")).path("id").asString();
        send("POST", "/api/ads/admin/creatives", """
                {"campaignId":"%s","size":"300x250","format":"native","headline":"%s","body":"Counted once",
                 "clickUrl":"https://%s.example/","reviewStatus":"approved"}
                """.formatted(campaign, name, name.toLowerCase().replaceAll("[^a-z]", "")));
        return new OwnCampaign(advertiser, campaign, List.of(slotKeys));
    }

    /**
     * The render URLs of {@code count} of the campaign's ads, as readers' pages get them (one decision request fills
     * all its slots). Until the new campaign reaches the decision index, other campaigns may fill a slot: skipped.
     */
    List<String> renders(OwnCampaign campaign, int count, Duration within) throws Exception {
        StringBuilder slots = new StringBuilder();
        for (String slot : campaign.slots()) {
            slots.append(slots.isEmpty() ? "" : ",").append("{\"slot\":\"").append(slot).append("\"}");
        }
        String request = "{\"slots\":[" + slots + "]}";
        List<String> renders = new ArrayList<>();
        long deadline = System.nanoTime() + within.toNanos();
        while (renders.size() < count && System.nanoTime() < deadline) {
            JsonNode decisions = send("POST", "/api/ads/decisions", request).path("decisions");
            for (String slot : campaign.slots()) {
                JsonNode ad = decisions.path(slot);
                if (campaign.campaignId().equals(ad.path("campaignId").asString()) && renders.size() < count) {
                    renders.add(ad.path("impressionUrl").asString());
                }
            }
        }
        return renders;
    }

    /** The advertiser's impressions today, as its report shows them. */
    long reportedImpressions(String advertiserId) throws Exception {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        return send("GET", "/api/ads/reports?from=%s&to=%s&advertiserId=%s".formatted(today, today, advertiserId), null)
                .path("totals").path("impressions").asLong();
    }

    /** Waits until the report shows {@code expected} impressions (or the time is up), then a little longer so a
     * double count would show too; returns what it shows. */
    long awaitReportedImpressions(String advertiserId, long expected, Duration within) throws Exception {
        long until = System.nanoTime() + within.toNanos();
        while (reportedImpressions(advertiserId) < expected && System.nanoTime() < until) {
            Thread.sleep(500);
        }
        Thread.sleep(2_000);
        return reportedImpressions(advertiserId);
    }

    /** Sends a reader's render beacon; returns the gateway's status. */
    static int beacon(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("User-Agent", READER_UA).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
