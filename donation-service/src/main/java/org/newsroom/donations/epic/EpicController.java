package org.newsroom.donations.epic;

import java.time.Duration;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import org.newsroom.donations.checkout.DonationLimits;
import org.newsroom.platform.web.InvalidRequestException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The appeal under every article (public): what to show this reader, and counting that it was seen. */
@RestController
@EnableConfigurationProperties(EpicProperties.class)
class EpicController {

    private static final Pattern READER_ID = Pattern.compile("[A-Za-z0-9_-]{8,64}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Za-z]{3}");

    private final EpicProperties epic;
    private final DonationLimits limits;
    private final EpicViews views;

    EpicController(EpicProperties epic, DonationLimits limits, EpicViews views) {
        this.epic = epic;
        this.limits = limits;
        this.views = views;
    }

    /** @param country set by the gateway from the reader's connection; a reader cannot choose it */
    @Operation(summary = "The appeal for one reader: variant copy, currency for their country, limits and presets in "
            + "minor units for every accepted currency")
    @GetMapping("/api/donations/epic")
    ResponseEntity<EpicOffer> offer(
            @Parameter(description = "The reader's first-party id (8-64 of A-Z a-z 0-9 _ -): keeps their variant")
            @RequestParam(required = false) String reader,
            @Parameter(description = "A currency the reader switched to") @RequestParam(required = false) String currency,
            @Parameter(hidden = true) @RequestHeader(name = "X-Reader-Country", required = false) String country) {
        if (reader != null && !READER_ID.matcher(reader).matches()) {
            throw new InvalidRequestException("reader", "must be 8 to 64 letters, digits, '-' or '_'");
        }
        if (currency != null && (!CURRENCY.matcher(currency).matches()
                || !limits.currencies().contains(currency.toUpperCase(java.util.Locale.ROOT)))) {
            throw new InvalidRequestException("currency", "must be one of " + limits.currencies().stream().sorted().toList());
        }
        String trustedCountry = country != null && COUNTRY.matcher(country).matches() ? country : null;
        EpicProperties.Variant variant = VariantAssignment.assign(epic.experiment(), reader, epic.variants());
        // Personal to the reader (their variant): a browser may keep it briefly, a shared cache may not.
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePrivate())
                .body(EpicOffer.of(epic, limits, variant, trustedCountry, currency));
    }

    record EpicView(String variant, String viewId) {
    }

    @Operation(summary = "Count one reader's view of the appeal (sent once per page view; a repeat counts once)")
    @PostMapping("/api/donations/epic/views")
    ResponseEntity<Void> viewed(@RequestBody EpicView view) {
        if (view.variant() == null || epic.variants().stream().noneMatch(known -> known.id().equals(view.variant()))) {
            throw new InvalidRequestException("variant", "must be one of the current experiment's variants");
        }
        if (view.viewId() == null || !READER_ID.matcher(view.viewId()).matches()) {
            throw new InvalidRequestException("viewId", "must be 8 to 64 letters, digits, '-' or '_'");
        }
        views.count(epic.experiment(), view.variant(), view.viewId());
        return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
    }
}
