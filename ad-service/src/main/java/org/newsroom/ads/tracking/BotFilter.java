package org.newsroom.ads.tracking;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

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

    private final Pattern automated;

    public BotFilter(List<String> patterns) {
        this.automated = Pattern.compile(String.join("|", patterns.stream().map(Pattern::quote).toList()),
                Pattern.CASE_INSENSITIVE);
    }

    public boolean isBot(String userAgent) {
        if (userAgent == null || userAgent.isBlank() || userAgent.length() < 10) {
            return true;
        }
        return automated.matcher(userAgent.toLowerCase(Locale.ROOT)).find();
    }
}
