package org.newsroom.ads.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.newsroom.ads.decision.ExposureHistory;
import org.newsroom.ads.decision.ExposureHistory.Exposure;
import org.newsroom.ads.inventory.Money;

class AdTokenCodecTest {

    private static final String OLD_SECRET = "old-secret-old-secret-old-secret-0001";
    private static final String NEW_SECRET = "new-secret-new-secret-new-secret-0002";
    private static final Instant NOW = Instant.parse("2026-11-25T15:00:00Z");
    private static final Money CPM = new Money(250, "USD");

    private final AdTokenCodec codec = codec(new SigningKeys("k1", Map.of("k1", OLD_SECRET)));

    private static AdTokenCodec codec(SigningKeys keys) {
        return new AdTokenCodec(new HmacSigner(keys), Duration.ofHours(1));
    }

    @Test
    void aTokenNamesTheDecisionSlotCampaignCreativeAndTime() {
        String token = codec.encode("dec-1", "banner-top", "adv-1", "cmp-1", "crv-1", CPM, NOW);

        AdToken decoded = codec.decode(token, NOW.plusSeconds(10)).orElseThrow();

        assertThat(decoded).isEqualTo(new AdToken("dec-1", "banner-top", "adv-1", "cmp-1", "crv-1", CPM, NOW,
                NOW.plus(Duration.ofHours(1))));
    }

    @Test
    void changingAnyPartOfTheContentBreaksTheSignature() {
        String token = codec.encode("dec-1", "banner-top", "adv-1", "cmp-1", "crv-1", CPM, NOW);
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String forged = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.replace("cmp-1", "cmp-2").getBytes(StandardCharsets.UTF_8));

        assertThat(codec.decode(forged + "." + parts[1] + "." + parts[2], NOW)).isEmpty();
        assertThat(codec.decode(parts[0] + "." + parts[1] + "." + parts[2].replace(parts[2].charAt(3),
                parts[2].charAt(3) == 'A' ? 'B' : 'A'), NOW)).isEmpty();
        assertThat(codec.decode("garbage", NOW)).isEmpty();
        assertThat(codec.decode(null, NOW)).isEmpty();
    }

    @Test
    void anExpiredTokenIsRejected() {
        String token = codec.encode("dec-1", "banner-top", "adv-1", "cmp-1", "crv-1", CPM, NOW);

        assertThat(codec.decode(token, NOW.plus(Duration.ofHours(1)))).isEmpty();
    }

    @Test
    void rotationKeepsTokensOfTheRetiringKeyValidUntilTheKeyIsRemoved() {
        String signedWithOld = codec.encode("dec-1", "banner-top", "adv-1", "cmp-1", "crv-1", CPM, NOW);

        AdTokenCodec rotated = codec(new SigningKeys("k2", Map.of("k1", OLD_SECRET, "k2", NEW_SECRET)));
        AdTokenCodec oldRemoved = codec(new SigningKeys("k2", Map.of("k2", NEW_SECRET)));

        assertThat(rotated.decode(signedWithOld, NOW)).isPresent();
        assertThat(rotated.encode("dec-2", "inline-1", "adv-1", "cmp-1", "crv-1", CPM, NOW)).contains(".k2.");
        assertThat(oldRemoved.decode(signedWithOld, NOW)).isEmpty();
    }

    @Test
    void aShortSecretIsRefusedAtStartup() {
        assertThatThrownBy(() -> new SigningKeys("k1", Map.of("k1", "short")))
                .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void anExposureHistoryIsOnlyAcceptedFromTheReaderItWasIssuedTo() {
        ExposureTokenCodec exposures = new ExposureTokenCodec(new HmacSigner(new SigningKeys("k1",
                Map.of("k1", OLD_SECRET))));
        ExposureHistory history = new ExposureHistory(List.of(new Exposure("cmp-1", NOW)));
        String token = exposures.encode("reader-a", history);

        assertThat(exposures.decode(token, "reader-a")).isEqualTo(history);
        assertThat(exposures.decode(token, "reader-b")).isEqualTo(ExposureHistory.EMPTY);
        // An ad token is not an exposure history, even though both are signed with the same key.
        assertThat(exposures.decode(codec.encode("d", "s", "a", "c", "k", CPM, NOW), "reader-a"))
                .isEqualTo(ExposureHistory.EMPTY);
    }
}
