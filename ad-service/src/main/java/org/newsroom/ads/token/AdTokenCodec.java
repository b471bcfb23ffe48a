package org.newsroom.ads.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.newsroom.ads.inventory.Money;

/** Encodes {@link AdToken}s into signed, expiring strings for beacon and click URLs, and verifies them back. */
public final class AdTokenCodec {

    private static final String PURPOSE = "ad1";

    private final HmacSigner signer;
    private final Duration lifetime;

    public AdTokenCodec(HmacSigner signer, Duration lifetime) {
        this.signer = signer;
        this.lifetime = lifetime;
    }

    public String encode(String decisionId, String slot, String advertiserId, String campaignId, String creativeId,
            Money cpm, Instant issuedAt) {
        Instant expiresAt = issuedAt.plus(lifetime);
        return signer.sign(String.join("|", PURPOSE, decisionId, slot, advertiserId, campaignId, creativeId,
                Long.toString(cpm.minorUnits()), cpm.currency(),
                Long.toString(issuedAt.getEpochSecond()), Long.toString(expiresAt.getEpochSecond())));
    }

    /** @return the token's content when it is authentic and not expired at {@code now} */
    public Optional<AdToken> decode(String token, Instant now) {
        String payload = signer.verify(token);
        if (payload == null) {
            return Optional.empty();
        }
        String[] parts = payload.split("\\|", -1);
        if (parts.length != 10 || !PURPOSE.equals(parts[0])) {
            return Optional.empty();
        }
        try {
            AdToken decoded = new AdToken(parts[1], parts[2], parts[3], parts[4], parts[5],
                    new Money(Long.parseLong(parts[6]), parts[7]),
                    Instant.ofEpochSecond(Long.parseLong(parts[8])), Instant.ofEpochSecond(Long.parseLong(parts[9])));
            return now.isBefore(decoded.expiresAt()) ? Optional.of(decoded) : Optional.empty();
        } catch (NumberFormatException malformed) {
            return Optional.empty();
        }
    }
}
