package org.newsroom.donations.ticker;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The appeal the ticker counts toward.
 *
 * @param goalUnits whole units of {@code currency}, e.g. 50000 for $50,000
 * @param rates     how many units of {@code currency} one unit of each other currency is worth, as exact decimals
 *                  ("1.27"); a currency without a rate is shown on its own, never guessed
 */
@ConfigurationProperties("donations.ticker")
public record TickerProperties(String campaign, long goalUnits, String currency, Instant starts, Instant ends,
        Map<String, BigDecimal> rates) {

    public TickerProperties {
        rates = rates == null ? Map.of() : Map.copyOf(rates);
    }
}
