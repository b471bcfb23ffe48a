package org.newsroom.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser per test: Debian's chromium, headless, driven through chromedriver. A failing test leaves a
 * screenshot in {@code target/screenshots}; tests save the pages a person would look at there too.
 */
final class BrowserSession implements BeforeEachCallback, AfterEachCallback {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    static final String READER_USER_AGENT =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36";

    private ChromeDriver driver;

    @Override
    public void beforeEach(ExtensionContext context) {
        System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--no-first-run", "--window-size=1366,900", "--lang=en-US",
                // Headless Chrome names itself in its user agent, and the ad server rightly files that as a bot:
                // these tests play a reader, so they present the desktop browser's own user agent.
                "--user-agent=" + READER_USER_AGENT);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (context.getExecutionException().isPresent()) {
                screenshot("FAILED-" + context.getRequiredTestClass().getSimpleName() + "-"
                        + context.getRequiredTestMethod().getName());
            }
        } finally {
            driver.quit();
        }
    }

    WebDriver driver() {
        return driver;
    }

    /** Waits for a condition; a table redrawn while it is read is simply read again. */
    WebDriverWait waitUpTo(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    Object script(String javascript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
    }

    /** The visible text of every element matching the selector, read in one go (a redrawn table cannot go stale). */
    @SuppressWarnings("unchecked")
    List<String> texts(String cssSelector) {
        return ((List<Object>) script("return Array.from(document.querySelectorAll(arguments[0]))"
                + ".map(node => node.innerText);", cssSelector)).stream().map(String::valueOf).toList();
    }

    void scrollIntoView(WebElement element) {
        script("arguments[0].scrollIntoView({block: 'center'});", element);
    }

    /** Errors the page's scripts logged or threw (console.error and uncaught exceptions). */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    /** Opens a dashboard page; the gateway sends the browser to the provider's form, the person signs in there. */
    void signIn(org.newsroom.localstack.LocalStack stack, org.newsroom.localstack.DemoIdentity.Person person,
            String page) {
        String target = stack.settings().gatewayUrl() + page;
        driver.get(target);
        waitUpTo(Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().startsWith(stack.settings().issuerUri()));
        driver.findElement(org.openqa.selenium.By.id("username")).sendKeys(person.username());
        driver.findElement(org.openqa.selenium.By.id("password")).sendKeys(person.password());
        driver.findElement(org.openqa.selenium.By.cssSelector("button[type=submit]")).click();
        waitUpTo(Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().equals(target));
    }

    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
