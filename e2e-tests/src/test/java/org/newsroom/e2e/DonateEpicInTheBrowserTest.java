package org.newsroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.newsroom.localstack.DemoIdentity;
import org.newsroom.localstack.LocalStack;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/**
 * The "Since you're here…" appeal in a real browser: a reader gives $1 through donate.js and the payment page,
 * comes back to the thank-you state, and finance sees the contribution (fee and net) on its dashboard; the ticker
 * moves. A declined card and a too-small amount end in clear messages, and nothing is paid.
 */
class DonateEpicInTheBrowserTest {

    @RegisterExtension
    final BrowserSession browser = new BrowserSession();

    private static LocalStack stack;

    @BeforeAll
    static void startSuite() throws Exception {
        stack = SharedStack.get();
    }

    private void openAppeal() {
        browser.driver().get(stack.settings().gatewayUrl() + "/");
        browser.waitUpTo(Duration.ofSeconds(15)).until(driver -> !driver.findElements(
                By.cssSelector(".nr-epic-form")).isEmpty());
        browser.scrollIntoView(browser.driver().findElement(By.cssSelector(".nr-epic")));
    }

    private void giveOther(String amount) {
        WebElement other = browser.driver().findElement(By.cssSelector(".nr-epic-amounts input[value=other]"));
        other.findElement(By.xpath("..")).click();
        WebElement input = browser.driver().findElement(By.cssSelector(".nr-epic-other"));
        input.clear();
        input.sendKeys(amount);
        browser.driver().findElement(By.cssSelector(".nr-epic-button")).click();
    }

    private String statusText() {
        return browser.driver().findElement(By.cssSelector(".nr-epic-status")).getText();
    }

    private static long raisedOnTicker() throws Exception {
        HttpResponse<String> ticker = Reader.http.send(HttpRequest.newBuilder(URI.create(stack.settings().gatewayUrl()
                + "/api/donations/ticker")).build(), HttpResponse.BodyHandlers.ofString());
        return Reader.json.readTree(ticker.body()).path("raised").path("minorUnits").asLong();
    }

    private static JsonNode newestPaidDollar(String finance, Instant since) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> page = Reader.http.send(HttpRequest.newBuilder(URI.create(stack.settings().gatewayUrl()
                            + "/api/donations/finance/contributions?status=PAID&currency=USD&limit=20"))
                    .header("Authorization", "Bearer " + finance).build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode row : Reader.json.readTree(page.body()).path("items")) {
                if (row.path("amount").asLong() == 100 && Instant.parse(row.path("createdAt").asString()).isAfter(since)
                        && row.path("fee").isNumber()) {
                    return row;
                }
            }
            Thread.sleep(300);
        }
        throw new AssertionError("the $1 contribution never showed up paid");
    }

    private static String dollars(long cents) {
        return String.format("$%d.%02d", cents / 100, cents % 100);
    }

    @Test
    void aReaderGivesOneDollarAndFinanceSeesItWithFeeAndNet() throws Exception {
        Instant started = Instant.now().minusSeconds(1);
        long raisedBefore = raisedOnTicker();
        openAppeal();
        assertThat(browser.driver().findElement(By.cssSelector(".nr-epic")).getText())
                .contains("Since you’re here", "from as little as $1");

        giveOther("1");
        browser.waitUpTo(Duration.ofSeconds(15)).until(driver -> !driver.findElements(By.id("card")).isEmpty());
        assertThat(browser.driver().getPageSource()).contains("USD 1.00");
        browser.consoleErrors(); // the payment page is the provider's, not the publisher's
        browser.driver().findElement(By.id("card")).sendKeys("4242 4242 4242 4242");
        browser.driver().findElement(By.cssSelector("form button[type=submit]")).click();

        browser.waitUpTo(Duration.ofSeconds(15)).until(driver -> driver.getCurrentUrl().contains("contribution=success")
                && !driver.findElements(By.cssSelector(".nr-epic-thanks")).isEmpty());
        assertThat(statusText()).contains("Thank you");
        browser.screenshot("epic-thank-you");
        assertThat(browser.consoleErrors()).isEmpty();

        String finance = DevLogin.clientCredentials(stack, DemoIdentity.FINANCE_EXPORTS_CLIENT);
        JsonNode paid = newestPaidDollar(finance, started);
        assertThat(paid.path("variant").asString()).isIn("control", "ticker");
        long fee = paid.path("fee").asLong();
        long net = paid.path("net").asLong();
        assertThat(fee + net).isEqualTo(100);

        browser.signIn(stack, DemoIdentity.FINANCE, "/dashboards/finance");
        browser.waitUpTo(Duration.ofSeconds(15)).until(driver -> driver.findElements(By.cssSelector("[data-list] td"))
                .stream().anyMatch(cell -> cell.getText().equals(paid.path("id").asString())));
        String row = browser.waitUpTo(Duration.ofSeconds(5)).until(driver -> driver.findElements(
                        By.cssSelector("[data-list] tbody tr")).stream().map(WebElement::getText)
                .filter(text -> text.contains(paid.path("id").asString())).findFirst().orElse(null));
        assertThat(row).contains(dollars(100), dollars(fee), dollars(net), "One-off", "Paid");
        assertThat(browser.driver().findElements(By.cssSelector("[data-list] button")))
                .as("FINANCE may not refund: no refund action shown").isEmpty();
        browser.screenshot("finance-dashboard");

        // A finance administrator refunds 40 cents of it, confirming in the dialog; the ledger follows Stripe.
        browser.driver().manage().deleteAllCookies();
        browser.signIn(stack, DemoIdentity.FINANCE_ADMIN, "/dashboards/finance");
        By refundButton = By.xpath("//tr[td[text()='" + paid.path("id").asString() + "']]//button");
        browser.waitUpTo(Duration.ofSeconds(15)).until(driver -> !driver.findElements(refundButton).isEmpty());
        browser.driver().findElement(refundButton).click();
        WebElement dialog = browser.driver().findElement(By.cssSelector("dialog[data-refund]"));
        assertThat(dialog.getText()).contains("$1.00", "refundable");
        dialog.findElement(By.name("amount")).sendKeys("0.40");
        dialog.findElement(By.name("note")).sendKeys("Browser test");
        browser.screenshot("finance-refund-dialog");
        dialog.findElement(By.cssSelector("[data-refund-confirm]")).click();
        browser.waitUpTo(Duration.ofSeconds(15)).until(driver -> driver.findElement(By.cssSelector("[data-status]"))
                .getText().startsWith("Refund"));
        long refundDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        boolean refundShown = false;
        while (!refundShown && System.nanoTime() < refundDeadline) {
            Thread.sleep(1_000);
            browser.driver().findElement(By.cssSelector("[data-filters] button[type=submit]")).click();
            Thread.sleep(1_000);
            refundShown = browser.texts("[data-list] tbody tr").stream().anyMatch(text -> text.contains(
                    paid.path("id").asString()) && text.contains("$0.40") && text.contains("Partially refunded"));
        }
        assertThat(refundShown).as("the ledger shows the partial refund once Stripe confirmed it").isTrue();
        raisedBefore -= 40; // the ticker counts money kept

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (raisedOnTicker() < raisedBefore + 100 && System.nanoTime() < deadline) {
            Thread.sleep(300);
        }
        assertThat(raisedOnTicker()).as("the ticker moved by the dollar kept").isEqualTo(raisedBefore + 100);
    }

    @Test
    void onAPhoneThePageAndTheAppealFitTheScreen() {
        browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(320, 800));
        openAppeal();
        Number pageWidth = (Number) browser.script("return document.documentElement.scrollWidth;");
        Number viewport = (Number) browser.script("return document.documentElement.clientWidth;");
        assertThat(pageWidth.intValue()).as("no sideways scrolling at 320 px").isLessThanOrEqualTo(viewport.intValue());
        WebElement button = browser.driver().findElement(By.cssSelector(".nr-epic-button"));
        assertThat(button.getRect().getX() + button.getRect().getWidth()).isLessThanOrEqualTo(viewport.intValue());
        browser.screenshot("demo-page-320px");
    }

    @Test
    void aDeclinedCardAndATooSmallAmountEndInClearMessages() throws Exception {
        openAppeal();
        giveOther("0.5");
        assertThat(statusText()).contains("between $1");
        assertThat(browser.driver().getCurrentUrl()).doesNotContain("contribution=");
        HttpResponse<String> server = Reader.http.send(HttpRequest.newBuilder(URI.create(stack.settings().gatewayUrl()
                        + "/api/donations/checkouts")).header("Content-Type", "application/json")
                .header("Idempotency-Key", java.util.UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":50,\"currency\":\"USD\",\"frequency\":\"ONE_OFF\","
                        + "\"returnUrl\":\"" + stack.settings().gatewayUrl() + "/\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(server.statusCode()).as("the server refuses it too").isEqualTo(400);
        assertThat(server.body()).contains("amount");

        giveOther("1");
        browser.waitUpTo(Duration.ofSeconds(15)).until(driver -> !driver.findElements(By.id("card")).isEmpty());
        browser.driver().findElement(By.id("card")).sendKeys("4000 0000 0000 0002");
        browser.driver().findElement(By.cssSelector("form button[type=submit]")).click();
        browser.waitUpTo(Duration.ofSeconds(10)).until(driver -> !driver.findElements(By.cssSelector("[role=alert]")).isEmpty());
        assertThat(browser.driver().findElement(By.cssSelector("[role=alert]")).getText()).contains("declined");
        browser.screenshot("payment-declined");
        browser.consoleErrors(); // the payment page's own 402 is not the publisher's page

        browser.driver().findElement(By.linkText("Cancel and go back")).click();
        browser.waitUpTo(Duration.ofSeconds(15)).until(driver -> driver.getCurrentUrl().contains("contribution=cancelled")
                && !driver.findElements(By.cssSelector(".nr-epic-form")).isEmpty());
        assertThat(statusText()).contains("No payment was taken");
        assertThat(browser.consoleErrors()).isEmpty();
    }
}
