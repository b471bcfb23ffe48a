package org.newsroom.ads.token;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Signing keys for beacon, click and frequency tokens, from the environment:
 * {@code AD_TOKEN_KEYS="k2=<secret>,k1=<secret>"} and {@code AD_TOKEN_ACTIVE_KEY=k2}.
 *
 * @param keys     comma-separated {@code id=secret} pairs; secrets of at least 32 bytes
 * @param activeKey the key id new tokens are signed with
 * @param lifetime how long a beacon or click token stays valid
 */
@ConfigurationProperties("ads.tokens")
public record TokenProperties(String keys, String activeKey, Duration lifetime) {

    public SigningKeys signingKeys() {
        if (keys == null || keys.isBlank()) {
            throw new IllegalStateException("No token signing keys: set AD_TOKEN_KEYS to 'id=secret[,id=secret]'");
        }
        Map<String, String> byId = new LinkedHashMap<>();
        for (String pair : keys.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalStateException("AD_TOKEN_KEYS entries must look like id=secret");
            }
            byId.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        boolean activeGiven = activeKey != null && !activeKey.isBlank();
        return new SigningKeys(activeGiven ? activeKey : byId.keySet().iterator().next(), byId);
    }
}
