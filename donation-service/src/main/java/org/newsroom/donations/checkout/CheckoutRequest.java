package org.newsroom.donations.checkout;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.newsroom.donations.contribution.Frequency;

/**
 * A reader's request to contribute. {@code amount} is in minor units of {@code currency} (100 = $1).
 *
 * @param context where the appeal was shown: for reporting which page and which variant raise money
 */
public record CheckoutRequest(
        @NotNull Long amount,
        @NotBlank @Size(max = 3) String currency,
        @NotNull Frequency frequency,
        @Email @Size(max = 254) String email,
        @NotBlank @Size(max = 2048) String returnUrl,
        @Valid Context context) {

    public record Context(@Size(max = 2048) String pageUrl, @Size(max = 64) String variant,
            @Pattern(regexp = "[A-Za-z]{2}", message = "must be an ISO 3166 alpha-2 code such as US") String country) {
    }

    /** The fields that identify "the same request" for the Idempotency-Key check. */
    String fingerprint() {
        Context c = context == null ? new Context(null, null, null) : context;
        return String.join("\u0000", String.valueOf(amount), currency.toUpperCase(java.util.Locale.ROOT),
                frequency.name(), String.valueOf(email), returnUrl, String.valueOf(c.pageUrl()),
                String.valueOf(c.variant()), String.valueOf(c.country()));
    }
}
