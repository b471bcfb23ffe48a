package org.newsroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.newsroom.localstack.DemoIdentity;
import org.newsroom.localstack.LocalStack;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/**
 * The demo article page in a real browser, with ads.js as a publisher embeds it: every slot with eligible inventory
 * shows an ad, what the reader saw is exactly what the advertisers' reports count, a click lands on the registered
 * page, and with ad-service down the page still reads well with its slots collapsed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdsOnTheDemoPageTest {

    private static final String[] SLOTS = {"banner-top", "inline-1", "inline-2", "right-mpu"};

    @RegisterExtension
    final BrowserSession browser = new BrowserSession();

    private static LocalStack stack;
    private static String adOps;

    @BeforeAll
    static void startSuite() throws Exception {
        stack = SharedStack.get();
        adOps = DevLogin.clientCredentials(stack, DemoIdentity.AD_OPS_AUTOMATION_CLIENT);
        awaitWarmDecisions();
    }

    /**
     * The page gives decisions one second; a just-started ad-service (JIT still compiling) can take longer, and the
     * page would rightly show no ads. Wait until ten decisions in a row come back filled within 300 ms.
     */
    private static void awaitWarmDecisions() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int fastInARow = 0;
        while (fastInARow < 10 && System.nanoTime() < deadline) {
            long started = System.nanoTime();
            boolean filled = decisionIsFilled();
            fastInARow = filled && Duration.ofNanos(System.nanoTime() - started).toMillis() < 300 ? fastInARow + 1 : 0;
            if (!filled) {
                Thread.sleep(200);
            }
        }
        assertThat(fastInARow).as("decisions warm and filled").isEqualTo(10);
    }

    private static boolean decisionIsFilled() throws Exception {
        HttpResponse<String> decision = Reader.http.send(HttpRequest.newBuilder(URI.create(
                        stack.settings().gatewayUrl() + "/api/ads/decisions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"section\":\"world\",\"slots\":[{\"slot\":\"inline-1\",\"sizes\":[\"300x250\"]}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return decision.statusCode() == 200 && decision.body().contains("\"campaignId\"");
    }

    private void openDemoPage() throws InterruptedException {
        warmBrowser();
        loadArticle();
    }

    private void warmBrowser() throws InterruptedException {
        // A browser's first navigation spends a burst of CPU starting its renderer, on the same two cores as the
        // stack; let that pass first, so the page's decisions are timed like a reader's, not like a cold start.
        browser.driver().get(stack.settings().gatewayUrl() + "/demo/landing/meridian-air.html");
        Thread.sleep(1_000);
    }

    private void loadArticle() {
        browser.driver().get(stack.settings().gatewayUrl() + "/");
        browser.waitUpTo(Duration.ofSeconds(10)).until(driver -> driver.findElements(
                By.cssSelector("[data-ad-slot][data-ad-state='loading']")).isEmpty()
                && !driver.findElements(By.cssSelector("[data-ad-slot]")).isEmpty());
    }

    /**
     * Loads the article until every slot got its decision in time, and returns the report's counts from just before
     * that load. The gateway gives ad-service 150 ms: on two cores shared with a browser and the whole stack, a
     * garbage collection can take that long, and the page then rightly shows no ads. Such a load is repeated, at most
     * twice; a slot left empty because the decision had no ad for it fails the test at once.
     */
    private Map<String, long[]> openDemoPageDecidedInTime() throws Exception {
        for (int load = 1; ; load++) {
            warmBrowser(); // also leaves the previous load, ending its viewability timers
            Map<String, long[]> before = settledCounts();
            loadArticle();
            List<String> undecided = emptySlots("no-decision", "late", "failed");
            if (undecided.isEmpty() || load == 3) {
                assertThat(undecided).as("slots without a decision in time, in three loads").isEmpty();
                return before;
            }
            System.out.printf("Load %d: no decision in time for %s; loading the article again%n", load, undecided);
        }
    }

    /** The slots the widget collapsed for one of these reasons (its User Timing marks say why). */
    @SuppressWarnings("unchecked")
    private List<String> emptySlots(String... reasons) {
        return (List<String>) browser.script("var reasons = arguments[0];"
                + "return performance.getEntriesByName('newsroom:ad-empty')"
                + ".filter(function (m) { return reasons.indexOf(m.detail.reason) >= 0; })"
                + ".map(function (m) { return m.detail.slot; });", List.of(reasons));
    }

    /** The report's counts once beacons of earlier page loads stopped arriving. */
    private Map<String, long[]> settledCounts() throws Exception {
        Map<String, long[]> previous = countsByCreative();
        for (int reading = 0; reading < 10; reading++) {
            Thread.sleep(1_500);
            Map<String, long[]> now = countsByCreative();
            if (sameCounts(previous, now)) {
                return now;
            }
            previous = now;
        }
        return previous;
    }

    private static boolean sameCounts(Map<String, long[]> a, Map<String, long[]> b) {
        return a.keySet().equals(b.keySet()) && a.keySet().stream().allMatch(key -> Arrays.equals(a.get(key), b.get(key)));
    }

    private List<WebElement> filledSlots() {
        return browser.driver().findElements(By.cssSelector("[data-ad-slot][data-ad-state='filled']"));
    }

    /** Impressions, viewable impressions and clicks per creative today, from the report API. */
    private Map<String, long[]> countsByCreative() throws Exception {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        HttpResponse<String> report = Reader.http.send(HttpRequest.newBuilder(URI.create(stack.settings().gatewayUrl()
                        + "/api/ads/reports?from=" + today + "&to=" + today + "&granularity=day&groupBy=creative&tz=UTC"))
                .header("Authorization", "Bearer " + adOps).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
        Map<String, long[]> counts = new HashMap<>();
        for (JsonNode row : Reader.json.readTree(report.body()).path("rows")) {
            long[] c = counts.computeIfAbsent(row.path("key").asString(), key -> new long[3]);
            c[0] += row.path("impressions").asLong();
            c[1] += row.path("viewableImpressions").asLong();
            c[2] += row.path("clicks").asLong();
        }
        return counts;
    }

    private static long[] delta(Map<String, long[]> before, Map<String, long[]> after, String creative) {
        long[] was = before.getOrDefault(creative, new long[3]);
        long[] now = after.getOrDefault(creative, new long[3]);
        return new long[] {now[0] - was[0], now[1] - was[1], now[2] - was[2]};
    }

    private Map<String, long[]> awaitCounts(Map<String, long[]> before, Map<String, long[]> expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, long[]> now = countsByCreative();
            if (expected.entrySet().stream().allMatch(e -> Arrays.equals(delta(before, now, e.getKey()), e.getValue()))) {
                break;
            }
            Thread.sleep(300);
        }
        Thread.sleep(2_000); // anything counted twice would show by now
        return countsByCreative();
    }

    @Test
    @Order(1)
    void everySlotShowsAnAdAndTheReportCountsExactlyWhatTheReaderSaw() throws Exception {
        Map<String, long[]> before = openDemoPageDecidedInTime();

        List<WebElement> filled = filledSlots();
        assertThat(filled).extracting(slot -> slot.getAttribute("data-ad-slot")).containsExactlyInAnyOrder(SLOTS);
        Map<String, long[]> expected = new HashMap<>();
        for (WebElement slot : filled) {
            WebElement image = slot.findElement(By.cssSelector("img"));
            assertThat(image.getAttribute("alt")).as("alt text").isNotBlank();
            assertThat(slot.findElement(By.cssSelector(".nr-ad-label")).getText()).isEqualTo("Advertisement");
            browser.scrollIntoView(slot);
            Thread.sleep(1_600); // viewable: at least half in view for over one continuous second
            expected.merge(slot.getAttribute("data-ad-creative"), new long[] {1, 1, 0},
                    (a, b) -> new long[] {a[0] + b[0], a[1] + b[1], 0});
        }
        browser.screenshot("demo-page");
        assertThat(browser.consoleErrors()).isEmpty();

        Map<String, long[]> after = awaitCounts(before, expected);
        expected.forEach((creative, counts) ->
                assertThat(delta(before, after, creative)).as(creative).containsExactly(counts));
    }

    @Test
    @Order(2)
    void clickingAnAdLandsOnItsRegisteredPageAndIsCounted() throws Exception {
        Map<String, long[]> before = openDemoPageDecidedInTime();
        WebElement slot = filledSlots().getFirst();
        String creative = slot.getAttribute("data-ad-creative");
        HttpResponse<String> registered = Reader.http.send(HttpRequest.newBuilder(URI.create(
                        stack.settings().gatewayUrl() + "/api/ads/admin/creatives/" + creative))
                .header("Authorization", "Bearer " + adOps).build(), HttpResponse.BodyHandlers.ofString());
        String clickUrl = Reader.json.readTree(registered.body()).path("clickUrl").asString();
        String page = browser.driver().getWindowHandle();

        slot.findElement(By.cssSelector("a")).click();
        browser.waitUpTo(Duration.ofSeconds(10)).until(driver -> driver.getWindowHandles().size() == 2);
        browser.driver().getWindowHandles().stream().filter(handle -> !handle.equals(page)).findFirst()
                .ifPresent(handle -> browser.driver().switchTo().window(handle));
        browser.waitUpTo(Duration.ofSeconds(10)).until(driver -> driver.getCurrentUrl().equals(clickUrl));
        assertThat(browser.driver().getCurrentUrl()).isEqualTo(clickUrl);

        long[] seen = delta(before, awaitCounts(before, Map.of(creative, new long[] {1, 0, 1})), creative);
        assertThat(seen[2]).as("clicks").isEqualTo(1);
    }

    /**
     * Fault drill 5 (docs/operations.md#fault-drills). Last: the restarted ad-service is cold for a while, and the
     * page gives decisions only a second.
     */
    @Test
    @Order(3)
    void withAdServiceDownTheArticleAndTheAppealStillShowWithoutPlaceholders() throws Exception {
        stack.stopService("ad-service");
        try {
            openDemoPage();
            // As the reader's browser measured them, from the start of the navigation.
            long loaded = ((Number) browser.script(
                    "return performance.getEntriesByType('navigation')[0].loadEventEnd")).longValue();
            long collapsed = ((Number) browser.script(
                    "return Math.max.apply(null, performance.getEntriesByName('newsroom:ad-empty')"
                            + ".map(function (m) { return m.startTime; }))")).longValue();
            for (WebElement slot : browser.driver().findElements(By.cssSelector("[data-ad-slot]"))) {
                assertThat(slot.getAttribute("data-ad-state")).isEqualTo("empty");
                assertThat(slot.isDisplayed()).as("no placeholder left").isFalse();
            }
            assertThat(emptySlots("no-decision")).as("collapsed on the gateway's stand-in answer")
                    .containsExactlyInAnyOrder(SLOTS);
            assertThat(browser.driver().findElement(By.tagName("h1")).getText()).contains("final push");
            browser.waitUpTo(Duration.ofSeconds(10)).until(driver -> !driver.findElements(
                    By.cssSelector(".nr-epic-heading")).isEmpty());
            assertThat(browser.consoleErrors()).isEmpty();
            browser.screenshot("demo-page-ad-service-down");
            System.out.printf("DRILL 5 injected: ad-service stopped; counted: page loaded in %d ms, every slot "
                    + "collapsed %d ms after navigation start, 0 console errors%n", loaded, collapsed);
            assertThat(loaded).as("page load (ms)").isLessThan(1_000);
            assertThat(collapsed).as("all slots collapsed (ms)").isLessThan(1_000);
        } finally {
            stack.startService("ad-service");
        }
        // The gateway's circuit closes again by itself: pages get ads once more without anyone intervening.
        long restarted = System.nanoTime();
        long deadline = restarted + Duration.ofSeconds(60).toNanos();
        boolean filled = false;
        while (!filled && System.nanoTime() < deadline) {
            filled = decisionIsFilled();
            if (!filled) {
                Thread.sleep(500);
            }
        }
        assertThat(filled).as("decisions resume after ad-service is back").isTrue();
        System.out.printf("DRILL 5 recovery: decisions filled again %d ms after ad-service was ready%n",
                Duration.ofNanos(System.nanoTime() - restarted).toMillis());
    }
}
