package org.newsroom.donations.epic;

import java.util.List;
import java.util.Map;

import org.newsroom.donations.contribution.Frequency;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The "Since you're here…" appeal as editors configure it: the A/B test's variants (copy and weights), the preset
 * amounts offered per currency, and which currency a reader's country pays in.
 *
 * @param experiment       names the test; a new name reshuffles which readers see which variant
 * @param defaultCurrency  for countries not listed in {@code countryCurrencies}
 * @param presets          whole units per frequency, by currency ({@code default} for any currency not listed)
 */
@ConfigurationProperties("donations.epic")
public record EpicProperties(String experiment, String defaultCurrency, Map<String, String> countryCurrencies,
        Map<String, Map<Frequency, List<Long>>> presets, List<Variant> variants) {

    /**
     * @param id        recorded with every view and contribution, so finance sees conversion per variant
     * @param weight    share of readers, relative to the other variants' weights
     * @param highlight may contain {@code {minimum}}, replaced by the smallest one-off amount in the reader's currency
     */
    public record Variant(String id, int weight, String heading, List<String> paragraphs, String highlight,
            String button, boolean showTicker) {
    }
}
