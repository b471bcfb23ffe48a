package org.newsroom.donations.checkout;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param allowedReturnOrigins the publisher sites a reader may be sent back to after paying (no open redirect)
 * @param productName          what the reader sees on Stripe's page, e.g. "Contribution to The Newsroom"
 */
@ConfigurationProperties("donations.checkout")
public record CheckoutProperties(List<String> allowedReturnOrigins, String productName) {

    /** Whether the URL is absolute and its scheme, host and port are exactly one of the allowed origins. */
    public boolean allowsReturnTo(String url) {
        try {
            URI uri = URI.create(url.trim());
            if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null) {
                return false;
            }
            String origin = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                    + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
            return allowedReturnOrigins.stream().anyMatch(allowed -> allowed.equalsIgnoreCase(origin));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }
}
