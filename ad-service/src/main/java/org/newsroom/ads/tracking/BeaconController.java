package org.newsroom.ads.tracking;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import org.newsroom.ads.inventory.store.LiveInventory;
import org.newsroom.ads.token.AdToken;
import org.newsroom.ads.token.AdTokenCodec;
import org.newsroom.events.ads.AdTrackingEvent;
import org.newsroom.events.ads.AdTrackingEvent.Kind;
import org.newsroom.events.ads.AdTrackingEvent.Traffic;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The beacons a page calls: render (i), viewable (v) and click (c), by GET or by POST (navigator.sendBeacon).
 * Render and viewable answer 204 (a 1x1 GIF when the client accepts only images) as soon as the event is handed
 * to the producer. A click redirects only to the creative's registered URL. A missing, tampered or expired token
 * gets a 400 problem detail, is counted in metrics, and produces no event.
 */
@RestController
class BeaconController {

    private static final byte[] PIXEL = Base64.getDecoder()
            .decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    private final AdTokenCodec tokens;
    private final BotFilter bots;
    private final TrackingPublisher publisher;
    private final LiveInventory inventory;
    private final Clock clock;
    private final Map<Kind, Map<Traffic, Counter>> accepted = new EnumMap<>(Kind.class);
    private final Map<Kind, Counter> invalid = new EnumMap<>(Kind.class);

    BeaconController(AdTokenCodec tokens, BotFilter bots, TrackingPublisher publisher, LiveInventory inventory,
            Clock clock, MeterRegistry meters) {
        this.tokens = tokens;
        this.bots = bots;
        this.publisher = publisher;
        this.inventory = inventory;
        this.clock = clock;
        // Created once: a registry lookup per beacon would cost more than the beacon's own work.
        for (Kind kind : Kind.values()) {
            String name = kind.name().toLowerCase(Locale.ROOT);
            Map<Traffic, Counter> byTraffic = new EnumMap<>(Traffic.class);
            for (Traffic traffic : Traffic.values()) {
                byTraffic.put(traffic, meters.counter("ads.beacons", "kind", name, "traffic",
                        traffic.name().toLowerCase(Locale.ROOT)));
            }
            accepted.put(kind, byTraffic);
            invalid.put(kind, meters.counter("ads.beacons", "kind", name, "traffic", "invalid"));
        }
    }

    @Operation(summary = "Render beacon: the ad was rendered (counted as an impression)")
    @RequestMapping(path = "/api/ads/i", method = {RequestMethod.GET, RequestMethod.POST})
    ResponseEntity<?> rendered(@RequestParam(name = "t", required = false) String token,
            @RequestHeader(name = HttpHeaders.USER_AGENT, required = false) String userAgent,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        return track(Kind.IMPRESSION, token, userAgent, accept);
    }

    @Operation(summary = "Viewability beacon: at least 50% of the ad's pixels were in view for 1 continuous second")
    @RequestMapping(path = "/api/ads/v", method = {RequestMethod.GET, RequestMethod.POST})
    ResponseEntity<?> viewable(@RequestParam(name = "t", required = false) String token,
            @RequestHeader(name = HttpHeaders.USER_AGENT, required = false) String userAgent,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        return track(Kind.VIEWABLE, token, userAgent, accept);
    }

    @Operation(summary = "Click: counts the click and redirects to the creative's registered landing page")
    @RequestMapping(path = "/api/ads/c", method = {RequestMethod.GET, RequestMethod.POST})
    ResponseEntity<?> clicked(@RequestParam(name = "t", required = false) String token,
            @RequestHeader(name = HttpHeaders.USER_AGENT, required = false) String userAgent) {
        Optional<AdToken> decoded = tokens.decode(token, clock.instant());
        String landing = decoded.map(valid -> inventory.current().clickUrl(valid.creativeId())).orElse(null);
        if (landing == null) {
            return invalid(Kind.CLICK);
        }
        // The reader still reaches the landing page when the click cannot be queued (counted as refused).
        publisher.publish(event(Kind.CLICK, decoded.get(), userAgent));
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(landing))
                .cacheControl(CacheControl.noStore()).build();
    }

    private ResponseEntity<?> track(Kind kind, String token, String userAgent, String accept) {
        Optional<AdToken> decoded = tokens.decode(token, clock.instant());
        if (decoded.isEmpty()) {
            return invalid(kind);
        }
        if (!publisher.publish(event(kind, decoded.get(), userAgent))) {
            ProblemDetail busy = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "Tracking is saturated; retry shortly.");
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(busy);
        }
        return acknowledge(accept);
    }

    private AdTrackingEvent event(Kind kind, AdToken token, String userAgent) {
        Traffic traffic = bots.isBot(userAgent) ? Traffic.BOT : Traffic.HUMAN;
        accepted.get(kind).get(traffic).increment();
        Instant now = clock.instant();
        return new AdTrackingEvent(AdTrackingEvent.SCHEMA_VERSION,
                AdTrackingEvent.eventIdOf(token.decisionId(), token.slot(), kind), kind, token.decisionId(),
                token.slot(), token.advertiserId(), token.campaignId(), token.creativeId(), token.cpm().minorUnits(),
                token.cpm().currency(), token.issuedAt(), now, traffic);
    }

    private static ResponseEntity<?> acknowledge(String accept) {
        if (accept != null && accept.startsWith("image/")) {
            return ResponseEntity.ok().contentType(MediaType.IMAGE_GIF).cacheControl(CacheControl.noStore())
                    .body(PIXEL);
        }
        return ResponseEntity.noContent().cacheControl(CacheControl.noStore()).build();
    }

    private ResponseEntity<?> invalid(Kind kind) {
        invalid.get(kind).increment();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The tracking token is missing, altered, expired or unknown.");
        problem.setTitle("Invalid tracking token");
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
