package org.newsroom.ads.decision.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.newsroom.ads.decision.DecisionEngine;
import org.newsroom.ads.decision.DecisionEngine.PageDecision;
import org.newsroom.ads.decision.DecisionEngine.Placement;
import org.newsroom.ads.decision.ExposureHistory;
import org.newsroom.ads.decision.PageContext;
import org.newsroom.ads.decision.api.DecisionResponse.AdView;
import org.newsroom.ads.inventory.AdSize;
import org.newsroom.ads.inventory.Creative;
import org.newsroom.ads.inventory.store.LiveInventory;
import org.newsroom.ads.token.AdTokenCodec;
import org.newsroom.ads.token.ExposureTokenCodec;
import org.newsroom.platform.web.FieldViolation;
import org.newsroom.platform.web.InvalidRequestException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Turns a page's request into the engine's terms and the engine's choice into what the page renders,
 * with signed beacon and click URLs. Everything here is in memory: no I/O on the decision path.
 */
@Service
class PageDecider {

    private final LiveInventory inventory;
    private final DecisionEngine engine;
    private final AdTokenCodec adTokens;
    private final ExposureTokenCodec exposureTokens;
    private final Clock clock;
    private final String beaconBase;

    PageDecider(LiveInventory inventory, DecisionEngine engine, AdTokenCodec adTokens,
            ExposureTokenCodec exposureTokens, Clock clock, @Value("${ads.public-base-url}") String publicBaseUrl) {
        this.inventory = inventory;
        this.engine = engine;
        this.adTokens = adTokens;
        this.exposureTokens = exposureTokens;
        this.clock = clock;
        this.beaconBase = publicBaseUrl + "/api/ads/";
    }

    /** @param trustedCountry the reader's country as the gateway resolved it, preferred to the body's */
    DecisionResponse decide(DecisionRequest request, String trustedCountry) {
        Instant now = clock.instant();
        boolean personalised = request.consent() != null && request.consent().personalised()
                && request.readerId() != null && !request.readerId().isBlank();
        String readerId = personalised ? request.readerId() : null;
        PageContext page = new PageContext(
                request.section() == null ? null : request.section().toLowerCase(Locale.ROOT),
                keywords(request.keywords()),
                request.device(),
                country(trustedCountry != null ? trustedCountry : request.country()),
                readerId,
                slotRequests(request.slots()));
        ExposureHistory history = personalised
                ? exposureTokens.decode(request.frequencyToken(), readerId)
                : ExposureHistory.EMPTY;

        PageDecision decision = engine.decide(inventory.current(), page, history, now);

        String decisionId = newDecisionId(now.toEpochMilli());
        Map<String, AdView> views = new LinkedHashMap<>();
        decision.placements().forEach((slot, placement) ->
                views.put(slot, placement == null ? null : view(decisionId, placement, now)));
        String token = decision.history() == null ? null : exposureTokens.encode(readerId, decision.history());
        return new DecisionResponse(decisionId, views, token);
    }

    private AdView view(String decisionId, Placement placement, Instant now) {
        Creative creative = placement.creative();
        String token = URLEncoder.encode(adTokens.encode(decisionId, placement.slot(),
                placement.campaign().advertiserId(), placement.campaign().id(), creative.id(), placement.campaign().cpm(),
                now), StandardCharsets.US_ASCII);
        return new AdView(placement.campaign().id(), creative.id(), placement.campaign().advertiserId(),
                creative.format().name().toLowerCase(Locale.ROOT), creative.size().width(), creative.size().height(),
                creative.imageUrl(), creative.altText(), creative.headline(), creative.body(),
                beaconBase + "i?t=" + token, beaconBase + "v?t=" + token, beaconBase + "c?t=" + token);
    }

    private static List<PageContext.SlotRequest> slotRequests(List<DecisionRequest.SlotAsk> asks) {
        List<FieldViolation> violations = new ArrayList<>();
        List<PageContext.SlotRequest> requests = new ArrayList<>(asks.size());
        for (int i = 0; i < asks.size(); i++) {
            DecisionRequest.SlotAsk ask = asks.get(i);
            List<AdSize> sizes = new ArrayList<>();
            List<String> asked = ask.sizes() == null ? List.of() : ask.sizes();
            for (int j = 0; j < asked.size(); j++) {
                try {
                    sizes.add(AdSize.parse(asked.get(j)));
                } catch (IllegalArgumentException malformed) {
                    violations.add(new FieldViolation("slots[" + i + "].sizes[" + j + "]", malformed.getMessage()));
                }
            }
            requests.add(new PageContext.SlotRequest(ask.slot(), sizes));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return requests;
    }

    private static Set<String> keywords(List<String> keywords) {
        if (keywords == null) {
            return Set.of();
        }
        Set<String> normalised = new LinkedHashSet<>();
        keywords.forEach(keyword -> normalised.add(keyword.toLowerCase(Locale.ROOT)));
        return normalised;
    }

    private static String country(String country) {
        return country == null || country.isBlank() ? null : country.toUpperCase(Locale.ROOT);
    }

    /**
     * The decision's time (milliseconds, fixed width) followed by 128 random bits, all base 36. The time prefix makes
     * the ids, and the tracking event ids built from them, arrive in roughly ascending order: the unique index of
     * counted events then grows at its right edge instead of touching a random page per insert (MongoDB keeps the
     * hot part of the index in cache; the local stack's H2 store rewrites far fewer pages per commit). Random bits
     * from ThreadLocalRandom: unique enough to key deduplication, without SecureRandom's cost on the hot path.
     */
    static String newDecisionId(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder id = new StringBuilder(35);
        appendFixed(id, epochMillis, 9);
        appendFixed(id, random.nextLong(), 13);
        appendFixed(id, random.nextLong(), 13);
        return id.toString();
    }

    /** Base 36, left-padded with zeros to the width (13 digits hold any unsigned long, 9 any date before 5000). */
    private static void appendFixed(StringBuilder id, long value, int width) {
        String digits = Long.toUnsignedString(value, 36);
        id.repeat('0', width - digits.length()).append(digits);
    }
}
