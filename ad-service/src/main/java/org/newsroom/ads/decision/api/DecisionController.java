package org.newsroom.ads.decision.api;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
class DecisionController {

    /** Set by the gateway from its geolocation; clients cannot forge it because the gateway overwrites it. */
    static final String COUNTRY_HEADER = "X-Reader-Country";

    private final PageDecider decider;
    private final DecisionMetrics metrics;

    DecisionController(PageDecider decider, DecisionMetrics metrics) {
        this.decider = decider;
        this.metrics = metrics;
    }

    @Operation(summary = "Choose a creative for every slot of a page in one request",
            description = "Each filled slot carries signed impression, viewability and click URLs; "
                    + "a null slot means no fill and the page collapses it.")
    @PostMapping("/api/ads/decisions")
    ResponseEntity<DecisionResponse> decide(@Valid @RequestBody DecisionRequest request,
            @RequestHeader(name = COUNTRY_HEADER, required = false) String trustedCountry) {
        long started = System.nanoTime();
        DecisionResponse response = decider.decide(request, trustedCountry);
        metrics.record(response, started);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(response);
    }
}
