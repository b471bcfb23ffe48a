package org.newsroom.ads.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Which traffic is recorded as BOT (visible in reports, never billed). */
class BotFilterTest {

    private static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/131.0.0.0 Safari/537.36";
    private static final String SAFARI_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

    private final BotFilter defaults = new BotFilter(BotFilter.DEFAULT_PATTERNS);

    @Test
    void readersBrowsersAreHuman() {
        assertThat(defaults.isBot(CHROME)).isFalse();
        assertThat(defaults.isBot(SAFARI_IPHONE)).isFalse();
    }

    @Test
    void crawlersToolsAndHeadlessBrowsersAreBots_whateverTheirCase() {
        assertThat(defaults.isBot("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")).isTrue();
        assertThat(defaults.isBot("curl/8.5.0 (x86_64-pc-linux-gnu)")).isTrue();
        assertThat(defaults.isBot("Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/131.0.0.0 Safari/537.36")).isTrue();
        assertThat(defaults.isBot("WRK benchmark client 4.2")).isTrue();
    }

    @Test
    void missingOrImplausiblyShortUserAgentsAreBots() {
        assertThat(defaults.isBot(null)).isTrue();
        assertThat(defaults.isBot("   ")).isTrue();
        assertThat(defaults.isBot("Mozilla")).isTrue();
    }

    @Test
    void aBlankFragmentFromConfigurationDoesNotMakeEveryReaderABot() {
        List<String> patterns = new ArrayList<>(BotFilter.DEFAULT_PATTERNS);
        patterns.add("");
        patterns.add("  ");
        assertThat(new BotFilter(patterns).isBot(CHROME)).isFalse();
    }

    @Test
    void aDeploymentsOwnFragmentsAreMatchedLiterallyNotAsPatterns() {
        List<String> patterns = new ArrayList<>(BotFilter.DEFAULT_PATTERNS);
        patterns.add("Acme.Checker(v2)");
        BotFilter filter = new BotFilter(patterns);
        assertThat(filter.isBot("Mozilla/5.0 acme.checker(v2) probe for the front page")).isTrue();
        assertThat(filter.isBot("Mozilla/5.0 AcmeXChecker(v2) something long")).isFalse();
    }
}
