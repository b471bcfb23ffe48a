package org.newsroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.newsroom.localstack.DemoIdentity;
import org.newsroom.localstack.LocalStack;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/**
 * The staff dashboards in a real browser, signed in through the identity provider's form: an advertiser sees only
 * its own campaigns, ad operations see every advertiser's and can pause and resume a campaign.
 */
class DashboardsInTheBrowserTest {

    @RegisterExtension
    final BrowserSession browser = new BrowserSession();

    private static LocalStack stack;

    @BeforeAll
    static void deliverSomeAds() throws Exception {
        stack = SharedStack.get();
        // Delivery for Meridian (the demo advertiser who signs in) and for others, counted like any reader's.
        boolean meridian = false;
        boolean other = false;
        for (int i = 0; i < 60 && !(meridian && other); i++) {
            HttpResponse<String> decision = Reader.http.send(HttpRequest.newBuilder(URI.create(
                            stack.settings().gatewayUrl() + "/api/ads/decisions"))
                    .header("Content-Type", "application/json").header("User-Agent", BrowserSession.READER_USER_AGENT)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"section\":\"world\",\"country\":\"US\","
                            + "\"device\":\"DESKTOP\",\"slots\":[{\"slot\":\"banner-top\",\"sizes\":[\"728x90\"]},"
                            + "{\"slot\":\"inline-1\",\"sizes\":[\"300x250\"]}]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (JsonNode ad : Reader.json.readTree(decision.body()).path("decisions")) {
                if (ad.isNull()) {
                    continue;
                }
                boolean isMeridian = ad.path("advertiserId").asString().equals(DemoIdentity.ADVERTISER.advertiserId());
                if ((isMeridian && !meridian) || (!isMeridian && !other)) {
                    Reader.http.send(HttpRequest.newBuilder(URI.create(ad.path("impressionUrl").asString()))
                            .header("User-Agent", BrowserSession.READER_USER_AGENT)
                            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
                    meridian |= isMeridian;
                    other |= !isMeridian;
                }
            }
        }
        assertThat(meridian && other).as("delivered for Meridian and for another advertiser").isTrue();
    }

    /** The report's group keys once the delivery above is counted (the report is asked again until it is). */
    private List<String> reportKeys() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<String> keys = List.of();
        while (keys.isEmpty() && System.nanoTime() < deadline) {
            browser.driver().findElement(By.cssSelector("[data-filters] button[type=submit]")).click();
            Thread.sleep(1_000);
            keys = browser.texts("[data-groups] tbody tr td:first-child").stream()
                    .filter(key -> !key.equals("Total") && !key.equals("Nothing for these filters.")).toList();
        }
        return keys;
    }

    @Test
    void anAdvertiserSeesOnlyItsOwnCampaignsAndAdOperationsSeeAll() throws Exception {
        browser.signIn(stack, DemoIdentity.ADVERTISER, "/dashboards/reports");
        List<String> own = reportKeys();
        assertThat(own).isNotEmpty().allSatisfy(key -> assertThat(key).startsWith("cmp_demo_meridian"));
        assertThat(browser.driver().findElement(By.cssSelector("[data-advertiser-filter]")).isDisplayed())
                .as("an advertiser cannot pick another advertiser").isFalse();
        assertThat(browser.driver().findElement(By.cssSelector("[data-chart] canvas")).isDisplayed()).isTrue();
        browser.screenshot("advertiser-reports");

        browser.driver().get(stack.settings().gatewayUrl() + "/dashboards/finance");
        assertThat(browser.driver().getPageSource()).contains("403");

        browser.driver().manage().deleteAllCookies();
        browser.signIn(stack, DemoIdentity.AD_OPS, "/dashboards/reports");
        assertThat(reportKeys()).anySatisfy(key -> assertThat(key).doesNotStartWith("cmp_demo_meridian"));
    }

    @Test
    void adOperationsPauseAndResumeACampaignAndSeeItsPacing() {
        browser.signIn(stack, DemoIdentity.AD_OPS, "/dashboards/ad-ops");
        browser.waitUpTo(Duration.ofSeconds(15)).until(driver -> driver.findElements(
                By.cssSelector("[data-campaigns] tbody tr")).size() >= 10);
        assertThat(browser.driver().findElement(By.cssSelector("[data-campaigns]")).getText())
                .contains("Winter sun: world news sponsorship", "of even pace");
        browser.screenshot("ad-ops");

        By pauseNewsletter = By.cssSelector("button[aria-label='Pause Morning Briefing newsletter']");
        browser.driver().findElement(pauseNewsletter).click();
        browser.driver().switchTo().alert().accept();
        By resumeNewsletter = By.cssSelector("button[aria-label='Resume Morning Briefing newsletter']");
        browser.waitUpTo(Duration.ofSeconds(10)).until(driver -> !driver.findElements(resumeNewsletter).isEmpty());
        assertThat(browser.driver().findElement(By.cssSelector("[data-status]")).getText()).contains("is paused");

        browser.driver().findElement(resumeNewsletter).click();
        browser.waitUpTo(Duration.ofSeconds(10)).until(driver -> !driver.findElements(pauseNewsletter).isEmpty());
        assertThat(browser.consoleErrors()).isEmpty();
    }
}
