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

    DecisionController(PageDecider decider) {
        this.decider = decider;
    }

    @Operation(summary = "Choose a creative for every slot of a page in one request",
            description = "Each filled slot carries signed impression, viewability and click URLs; "
                    + "a null slot means no fill and the page collapses it.")
    @PostMapping("/api/ads/decisions")
    ResponseEntity<DecisionResponse> decide(@Valid @RequestBody DecisionRequest request,
            @RequestHeader(name = COUNTRY_HEADER, required = false) String trustedCountry) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(decider.decide(request, trustedCountry));
    }
}
