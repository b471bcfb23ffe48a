package org.newsroom.ads.tracking;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.newsroom.ads.inventory.store.LiveInventory;
import org.newsroom.ads.token.AdToken;
import org.newsroom.ads.token.AdTokenCodec;
import org.newsroom.events.ads.AdTrackingEvent;
import org.newsroom.events.ads.AdTrackingEvent.Kind;
import org.newsroom.events.ads.AdTrackingEvent.Traffic;
import org.newsroom.platform.tracing.TraceContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The beacons a page calls: render ({@value #RENDER}), viewable ({@value #VIEWABLE}) and click ({@value #CLICK}),
 * by GET or by POST (navigator.sendBeacon). Render and viewable answer 204 (a 1x1 GIF when the client accepts only
 * images) as soon as the event is handed to the producer. A click redirects only to the creative's registered URL.
 * A missing, tampered or expired token gets a 400 problem detail, is counted in metrics, and produces no event.
 *
 * <p>A plain servlet rather than a controller: beacons are the busiest calls of the suite and need none of Spring
 * MVC's handler mapping, argument resolution and message conversion, which cost about a sixth of a beacon's CPU.
 * Servlet filters (security headers) still apply; the API is documented by {@link BeaconApiDocumentation}.
 *
 * <p>Nor are beacons observed as {@code http.server.requests}: at ten thousand a second that observation (a timer
 * looked up by its tags, a server span) cost a sixth of the request threads' CPU. The servlet's own counters
 * ({@code ads.beacons} by kind and traffic, {@code ads.tracking.events.published} by outcome) count them, the
 * gateway times them as readers see them, and each event carries the caller's {@code traceparent}.
 */
final class BeaconServlet extends HttpServlet {

    static final String RENDER = "/api/ads/i";
    static final String VIEWABLE = "/api/ads/v";
    static final String CLICK = "/api/ads/c";

    private static final byte[] PIXEL = Base64.getDecoder()
            .decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
    private static final String PROBLEM_JSON = "application/problem+json";

    private final transient AdTokenCodec tokens;
    private final transient BotFilter bots;
    private final transient TrackingPublisher publisher;
    private final transient LiveInventory inventory;
    private final transient Clock clock;
    private final transient JsonMapper json;
    private final transient Map<Kind, Map<Traffic, Counter>> accepted = new EnumMap<>(Kind.class);
    private final transient Map<Kind, Counter> invalid = new EnumMap<>(Kind.class);

    /** @return whether a request path (servlet path) is one of the beacons */
    static boolean handles(String servletPath) {
        return RENDER.equals(servletPath) || VIEWABLE.equals(servletPath) || CLICK.equals(servletPath);
    }

    BeaconServlet(AdTokenCodec tokens, BotFilter bots, TrackingPublisher publisher, LiveInventory inventory,
            Clock clock, JsonMapper json, MeterRegistry meters) {
        this.tokens = tokens;
        this.bots = bots;
        this.publisher = publisher;
        this.inventory = inventory;
        this.clock = clock;
        this.json = json;
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

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        boolean head = "HEAD".equals(method);
        if (!"GET".equals(method) && !"POST".equals(method) && !head) {
            response.setHeader("Allow", "GET, HEAD, POST");
            problem(request, response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Method Not Allowed",
                    "Beacons accept GET and POST, not " + method + ".");
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        Kind kind = switch (request.getServletPath()) {
            case RENDER -> Kind.IMPRESSION;
            case VIEWABLE -> Kind.VIEWABLE;
            default -> Kind.CLICK;
        };
        Optional<AdToken> token = tokens.decode(request.getParameter("t"), clock.instant());
        if (kind == Kind.CLICK) {
            clicked(token, request, response);
            return;
        }
        if (token.isEmpty()) {
            invalid(kind, request, response);
            return;
        }
        if (!publisher.publish(event(kind, token.get(), request), callersTrace(request))) {
            response.setHeader("Retry-After", "1");
            problem(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Service Unavailable",
                    "Tracking is saturated; retry shortly.");
            return;
        }
        String accept = request.getHeader("Accept");
        if (accept != null && accept.startsWith("image/")) {
            response.setContentType("image/gif");
            response.setContentLength(PIXEL.length);
            if (!head) {
                response.getOutputStream().write(PIXEL);
            }
        } else {
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        }
    }

    private void clicked(Optional<AdToken> token, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String landing = token.map(valid -> inventory.current().clickUrl(valid.creativeId())).orElse(null);
        if (landing == null) {
            invalid(Kind.CLICK, request, response);
            return;
        }
        // The reader still reaches the landing page when the click cannot be queued (counted as refused).
        publisher.publish(event(Kind.CLICK, token.get(), request), callersTrace(request));
        response.setStatus(HttpServletResponse.SC_FOUND);
        response.setHeader("Location", landing);
    }

    /** Beacons have no server span (see the class comment): their events continue the caller's trace. */
    private static String callersTrace(HttpServletRequest request) {
        return TraceContext.callersTraceparent(request.getHeader(TraceContext.TRACEPARENT));
    }

    private AdTrackingEvent event(Kind kind, AdToken token, HttpServletRequest request) {
        Traffic traffic = bots.isBot(request.getHeader("User-Agent")) ? Traffic.BOT : Traffic.HUMAN;
        accepted.get(kind).get(traffic).increment();
        Instant now = clock.instant();
        return new AdTrackingEvent(AdTrackingEvent.SCHEMA_VERSION,
                AdTrackingEvent.eventIdOf(token.decisionId(), token.slot(), kind), kind, token.decisionId(),
                token.slot(), token.advertiserId(), token.campaignId(), token.creativeId(), token.cpm().minorUnits(),
                token.cpm().currency(), token.issuedAt(), now, traffic);
    }

    private void invalid(Kind kind, HttpServletRequest request, HttpServletResponse response) throws IOException {
        invalid.get(kind).increment();
        problem(request, response, HttpServletResponse.SC_BAD_REQUEST, "Invalid tracking token",
                "The tracking token is missing, altered, expired or unknown.");
    }

    /** An RFC 9457 problem detail, shaped like the ones Spring MVC writes for the rest of the API. */
    private void problem(HttpServletRequest request, HttpServletResponse response, int status, String title,
            String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        byte[] body = json.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(PROBLEM_JSON);
        response.setContentLength(body.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }
}
