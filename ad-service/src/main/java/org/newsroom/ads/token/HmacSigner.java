package org.newsroom.ads.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies compact tokens {@code base64url(payload).keyId.base64url(HMAC-SHA256(keyId.payload))}.
 * The payload is readable by anyone and alterable by no one; confidentiality is not a goal.
 */
public final class HmacSigner {

    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SigningKeys keys;
    // Mac instances are not thread-safe and costly to create: one per key per thread.
    private final Map<String, ThreadLocal<Mac>> macs = new ConcurrentHashMap<>();

    public HmacSigner(SigningKeys keys) {
        this.keys = keys;
    }

    public String sign(String payload) {
        String keyId = keys.activeKeyId();
        String encoded = ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return encoded + "." + keyId + "." + ENCODER.encodeToString(mac(keyId, encoded));
    }

    /** @return the payload, or null when the token is malformed, signed by an unknown key or altered */
    public String verify(String token) {
        if (token == null || token.length() > 8192) {
            return null;
        }
        int first = token.indexOf('.');
        int second = token.indexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || token.indexOf('.', second + 1) >= 0) {
            return null;
        }
        String encoded = token.substring(0, first);
        String keyId = token.substring(first + 1, second);
        if (keys.secret(keyId) == null) {
            return null;
        }
        try {
            byte[] presented = DECODER.decode(token.substring(second + 1));
            if (!MessageDigest.isEqual(presented, mac(keyId, encoded))) {
                return null;
            }
            return new String(DECODER.decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private byte[] mac(String keyId, String encodedPayload) {
        Mac mac = macs.computeIfAbsent(keyId, id -> ThreadLocal.withInitial(() -> newMac(keys.secret(id)))).get();
        mac.update(keyId.getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) '.');
        return mac.doFinal(encodedPayload.getBytes(StandardCharsets.US_ASCII));
    }

    private static Mac newMac(byte[] secret) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
