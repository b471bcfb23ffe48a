package org.newsroom.ads.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Encodes {@link AdToken}s into signed, expiring strings for beacon and click URLs, and verifies them back. */
public final class AdTokenCodec {

    private static final String PURPOSE = "ad1";

    private final HmacSigner signer;
    private final Duration lifetime;

    public AdTokenCodec(HmacSigner signer, Duration lifetime) {
        this.signer = signer;
        this.lifetime = lifetime;
    }

    public String encode(String decisionId, String slot, String campaignId, String creativeId, Instant issuedAt) {
        Instant expiresAt = issuedAt.plus(lifetime);
        return signer.sign(String.join("|", PURPOSE, decisionId, slot, campaignId, creativeId,
                Long.toString(issuedAt.getEpochSecond()), Long.toString(expiresAt.getEpochSecond())));
    }

    /** @return the token's content when it is authentic and not expired at {@code now} */
    public Optional<AdToken> decode(String token, Instant now) {
        String payload = signer.verify(token);
        if (payload == null) {
            return Optional.empty();
        }
        String[] parts = payload.split("\\|", -1);
        if (parts.length != 7 || !PURPOSE.equals(parts[0])) {
            return Optional.empty();
        }
        try {
            AdToken decoded = new AdToken(parts[1], parts[2], parts[3], parts[4],
                    Instant.ofEpochSecond(Long.parseLong(parts[5])), Instant.ofEpochSecond(Long.parseLong(parts[6])));
            return now.isBefore(decoded.expiresAt()) ? Optional.of(decoded) : Optional.empty();
        } catch (NumberFormatException malformed) {
            return Optional.empty();
        }
    }
}
