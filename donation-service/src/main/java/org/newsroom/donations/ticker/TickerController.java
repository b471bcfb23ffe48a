package org.newsroom.donations.ticker;

import java.time.Duration;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

@RestController
@EnableConfigurationProperties(TickerProperties.class)
class TickerController {

    private final SupportersTicker ticker;

    TickerController(SupportersTicker ticker) {
        this.ticker = ticker;
    }

    /** Public and cacheable for a few seconds: every article page asks for it; no personal data in it. */
    @Operation(summary = "Total raised toward the current appeal's goal (public, cacheable)")
    @GetMapping("/api/donations/ticker")
    ResponseEntity<SupportersTicker.Ticker> ticker(WebRequest request) {
        SupportersTicker.Ticker current = ticker.current();
        String etag = "\"" + current.raised().minorUnits() + "-" + current.contributions() + "-"
                + current.goal().minorUnits() + "\"";
        if (request.checkNotModified(etag)) {
            return null;
        }
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofSeconds(5)).cachePublic())
                .eTag(etag).body(current);
    }
}
