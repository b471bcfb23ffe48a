package org.newsroom.ads.tracking;

import java.util.List;
import java.util.Locale;

/**
 * Tells automated traffic from readers, in the spirit of the IAB/ABC spiders and bots list: user agents naming a
 * crawler, spider, monitoring tool, HTTP library or headless browser, and requests with no user agent at all.
 * Such traffic is still recorded, as BOT, so it is visible in reports but never billed.
 */
public final class BotFilter {

    /** Default patterns; deployments extend them with {@code ads.tracking.bot-user-agents}. */
    public static final List<String> DEFAULT_PATTERNS = List.of(
            "bot", "crawl", "spider", "slurp", "scrap", "headless", "phantomjs", "selenium", "puppeteer",
            "playwright", "lighthouse", "pingdom", "uptime", "monitor", "preview", "facebookexternalhit",
            "curl/", "wget/", "python-requests", "python-urllib", "aiohttp", "httpclient", "okhttp", "go-http-client",
            "java/", "libwww", "axios/", "node-fetch", "postmanruntime", "insomnia", "wrk", "apachebench", "jmeter");

    /** Lower-case fragments; a plain substring search per fragment is several times cheaper than one regex. */
    private final String[] automated;

    public BotFilter(List<String> patterns) {
        this.automated = patterns.stream().filter(p -> !p.isBlank()).map(p -> p.toLowerCase(Locale.ROOT))
                .distinct().toArray(String[]::new);
    }

    public boolean isBot(String userAgent) {
        if (userAgent == null || userAgent.isBlank() || userAgent.length() < 10) {
            return true;
        }
        String agent = userAgent.toLowerCase(Locale.ROOT);
        for (String fragment : automated) {
            if (agent.contains(fragment)) {
                return true;
            }
        }
        return false;
    }
}
