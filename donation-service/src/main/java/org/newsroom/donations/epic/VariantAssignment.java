package org.newsroom.donations.epic;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Which variant a reader sees: a hash of the experiment and the reader's first-party id picks a point on the
 * weighted line of variants, so a reader keeps seeing the same one on every page and every server, without anything
 * stored about them. A reader without an id gets the first variant (the control).
 */
public final class VariantAssignment {

    private VariantAssignment() {
    }

    public static EpicProperties.Variant assign(String experiment, String readerId, List<EpicProperties.Variant> variants) {
        if (variants.isEmpty()) {
            throw new IllegalStateException("donations.epic.variants is empty: configure at least the control");
        }
        long total = variants.stream().mapToLong(variant -> Math.max(0, variant.weight())).sum();
        if (readerId == null || readerId.isBlank() || total == 0) {
            return variants.getFirst();
        }
        long point = Long.remainderUnsigned(hash(experiment + ":" + readerId), total);
        for (EpicProperties.Variant variant : variants) {
            point -= Math.max(0, variant.weight());
            if (point < 0) {
                return variant;
            }
        }
        return variants.getLast();
    }

    private static long hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            long result = 0;
            for (int i = 0; i < 8; i++) {
                result = (result << 8) | (digest[i] & 0xff);
            }
            return result;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
