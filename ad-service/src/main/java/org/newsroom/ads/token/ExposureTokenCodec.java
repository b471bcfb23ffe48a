package org.newsroom.ads.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.newsroom.ads.decision.ExposureHistory;
import org.newsroom.ads.decision.ExposureHistory.Exposure;

/**
 * The reader-held frequency history: a signed token bound to one reader id (stored only as a hash), so a reader
 * cannot edit it to see a capped campaign again, nor present another reader's history.
 */
public final class ExposureTokenCodec {

    private static final String PURPOSE = "fx1";

    private final HmacSigner signer;

    public ExposureTokenCodec(HmacSigner signer) {
        this.signer = signer;
    }

    public String encode(String readerId, ExposureHistory history) {
        StringBuilder payload = new StringBuilder(PURPOSE).append('|').append(readerHash(readerId)).append('|');
        for (Exposure exposure : history.exposures()) {
            payload.append(exposure.campaignId()).append(':').append(exposure.at().getEpochSecond()).append(',');
        }
        return signer.sign(payload.toString());
    }

    /** @return the history, or an empty one when the token is absent, altered or belongs to another reader */
    public ExposureHistory decode(String token, String readerId) {
        if (token == null || token.isBlank() || readerId == null) {
            return ExposureHistory.EMPTY;
        }
        String payload = signer.verify(token);
        if (payload == null) {
            return ExposureHistory.EMPTY;
        }
        String[] parts = payload.split("\\|", -1);
        if (parts.length != 3 || !PURPOSE.equals(parts[0]) || !parts[1].equals(readerHash(readerId))) {
            return ExposureHistory.EMPTY;
        }
        List<Exposure> exposures = new ArrayList<>();
        for (String entry : parts[2].split(",")) {
            int colon = entry.lastIndexOf(':');
            if (colon > 0) {
                try {
                    exposures.add(new Exposure(entry.substring(0, colon),
                            Instant.ofEpochSecond(Long.parseLong(entry.substring(colon + 1)))));
                } catch (NumberFormatException malformed) {
                    return ExposureHistory.EMPTY;
                }
            }
        }
        return new ExposureHistory(exposures);
    }

    private static String readerHash(String readerId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(readerId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
