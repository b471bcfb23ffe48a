package org.newsroom.gateway;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.newsroom.gateway.ratelimit.ClientAddressResolver;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Sets {@code X-Reader-Country}, the reader's country the services trust for targeting and currency, and drops
 * whatever a client sent under that name. The country comes from the CDN's geolocation header when the request came
 * through one of our proxies; otherwise from the region of the reader's first language preference that has one.
 * It is worked out only for the calls that use it (decisions, the appeal); the client's value is dropped everywhere.
 */
@Component
class ReaderCountryFilter implements WebFilter, Ordered {

    static final String READER_COUNTRY = "X-Reader-Country";
    /** The only calls whose service reads the country: every other request (beacons above all) skips the lookup. */
    private static final Set<String> READERS_OF_THE_COUNTRY = Set.of("/api/ads/decisions", "/api/donations/epic");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    private final String cdnHeader;
    private final ClientAddressResolver clientAddress;

    ReaderCountryFilter(@Value("${gateway.reader-country-header:}") String cdnHeader,
            ClientAddressResolver clientAddress) {
        this.cdnHeader = cdnHeader == null || cdnHeader.isBlank() ? null : cdnHeader.trim();
        this.clientAddress = clientAddress;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        String country = READERS_OF_THE_COUNTRY.contains(exchange.getRequest().getPath().value())
                ? country(headers, exchange) : null;
        if (country == null && !headers.containsHeader(READER_COUNTRY)) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange.mutate().request(request -> request.headers(mutable -> {
            mutable.remove(READER_COUNTRY);
            if (country != null) {
                mutable.set(READER_COUNTRY, country);
            }
        })).build());
    }

    private String country(HttpHeaders headers, ServerWebExchange exchange) {
        if (cdnHeader != null && clientAddress.fromTrustedProxy(exchange)) {
            String fromCdn = normalised(headers.getFirst(cdnHeader));
            if (fromCdn != null) {
                return fromCdn;
            }
        }
        return fromLanguage(headers.getFirst(HttpHeaders.ACCEPT_LANGUAGE));
    }

    static String fromLanguage(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank() || acceptLanguage.length() > 512) {
            return null;
        }
        try {
            for (Locale.LanguageRange range : Locale.LanguageRange.parse(acceptLanguage)) {
                String country = normalised(Locale.forLanguageTag(range.getRange()).getCountry());
                if (country != null) {
                    return country;
                }
            }
        } catch (IllegalArgumentException malformed) {
            return null;
        }
        return null;
    }

    private static String normalised(String country) {
        if (country == null) {
            return null;
        }
        String upper = country.trim().toUpperCase(Locale.ROOT);
        return COUNTRY.matcher(upper).matches() && !List.of("XX", "ZZ").contains(upper) ? upper : null;
    }
}
