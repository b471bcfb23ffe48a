package org.newsroom.ads.inventory.admin;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.newsroom.ads.inventory.AdSize;
import org.newsroom.platform.web.FieldViolation;
import org.newsroom.platform.web.InvalidRequestException;

/** Collects every invalid field of one request, so the client learns all of them at once. */
final class Violations {

    private final List<FieldViolation> found = new ArrayList<>();

    void add(String field, String message) {
        found.add(new FieldViolation(field, message));
    }

    /** @return the parsed size, or null (with a violation recorded) when malformed */
    AdSize size(String field, String text) {
        try {
            return AdSize.parse(text);
        } catch (IllegalArgumentException e) {
            add(field, e.getMessage());
            return null;
        }
    }

    /** Only https links with a host: no javascript:, data: or plain-http URLs reach a reader. */
    void httpsUrl(String field, String url) {
        if (url == null) {
            return;
        }
        if (!isHttps(url)) {
            add(field, "must be an absolute https URL");
        }
    }

    static boolean isHttps(String url) {
        try {
            URI uri = new URI(url.trim());
            return "https".equals(uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT))
                    && uri.getHost() != null && !uri.getHost().isBlank();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    void throwIfAny() {
        if (!found.isEmpty()) {
            throw new InvalidRequestException(found);
        }
    }
}
