package org.newsroom.ads.token;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HMAC keys by key id. New tokens are signed with the active key; tokens signed with any listed key verify,
 * so a key is rotated by adding the new one as active and removing the old one once its tokens have expired.
 */
public final class SigningKeys {

    static final int MIN_SECRET_BYTES = 32;

    private final String activeKeyId;
    private final Map<String, byte[]> secrets;

    public SigningKeys(String activeKeyId, Map<String, String> secretsById) {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        secretsById.forEach((id, secret) -> {
            if (id.isBlank() || id.contains(".")) {
                throw new IllegalArgumentException("A signing key id must be non-blank and contain no '.'");
            }
            byte[] bytes = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("Signing key '" + id + "' must have at least "
                        + MIN_SECRET_BYTES + " bytes");
            }
            copy.put(id, bytes);
        });
        if (!copy.containsKey(activeKeyId)) {
            throw new IllegalArgumentException("The active signing key '" + activeKeyId + "' is not configured");
        }
        this.activeKeyId = activeKeyId;
        this.secrets = Map.copyOf(copy);
    }

    String activeKeyId() {
        return activeKeyId;
    }

    /** @return the secret, or null for an unknown (for example retired) key id */
    byte[] secret(String keyId) {
        return secrets.get(keyId);
    }
}
