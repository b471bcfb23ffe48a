package org.newsroom.ads.decision.api;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.newsroom.ads.inventory.Targeting.DeviceType;

/**
 * A page asking for all its slots at once.
 *
 * @param readerId       used only with {@code consent.personalised}; otherwise ignored and never stored
 * @param frequencyToken the token the previous decision returned to this reader (their frequency history)
 */
public record DecisionRequest(
        @Size(max = 2048) String pageUrl,
        @Size(max = 64) String section,
        @Size(max = 50) List<@NotBlank @Size(max = 64) String> keywords,
        DeviceType device,
        @Pattern(regexp = "[A-Za-z]{2}", message = "must be an ISO 3166 alpha-2 code such as US") String country,
        Consent consent,
        @Size(max = 128) String readerId,
        @Size(max = 8192) String frequencyToken,
        @NotEmpty @Size(max = 20) List<@NotNull @Valid SlotAsk> slots) {

    public record Consent(boolean personalised) {
    }

    /** @param sizes the sizes the page can render in this slot, e.g. {@code 728x90}; empty for all the slot accepts */
    public record SlotAsk(@NotBlank @Size(max = 40) String slot, @Size(max = 10) List<@NotBlank String> sizes) {
    }
}
