package org.newsroom.localstack.stripe;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Stripe's request encoding: {@code application/x-www-form-urlencoded} with bracketed keys, kept flat. */
final class FormBody {

    private FormBody() {
    }

    /** @return keys as sent, e.g. {@code line_items[0][price_data][unit_amount]}, in order */
    static Map<String, String> parse(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (body == null || body.isBlank()) {
            return fields;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            fields.put(key, value);
        }
        return fields;
    }

    /** {@code metadata[contribution_id]=x} becomes {@code {contribution_id: x}} for the given prefix. */
    static Map<String, String> under(Map<String, String> fields, String prefix) {
        Map<String, String> nested = new LinkedHashMap<>();
        String start = prefix + "[";
        fields.forEach((key, value) -> {
            if (key.startsWith(start) && key.endsWith("]") && key.indexOf('[', start.length()) < 0) {
                nested.put(key.substring(start.length(), key.length() - 1), value);
            }
        });
        return nested;
    }
}
