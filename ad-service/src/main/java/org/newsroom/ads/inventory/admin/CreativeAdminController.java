package org.newsroom.ads.inventory.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.newsroom.ads.inventory.AdSize;
import org.newsroom.ads.inventory.Campaign;
import org.newsroom.ads.inventory.Creative;
import org.newsroom.ads.inventory.Slot;
import org.newsroom.ads.inventory.store.InventoryStore;
import org.newsroom.platform.web.NotFoundException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Ad operations upload and review creatives; only approved ones ever reach a page. */
@RestController
@RequestMapping("/api/ads/admin/creatives")
class CreativeAdminController {

    record CreativeRequest(
            @NotBlank String campaignId,
            @NotBlank String size,
            @NotNull Creative.Format format,
            @Size(max = 2000) String imageUrl,
            @Size(max = 200) String altText,
            @Size(max = 90) String headline,
            @Size(max = 300) String body,
            @NotBlank @Size(max = 2000) String clickUrl,
            Creative.ReviewStatus reviewStatus,
            Long version) {
    }

    record CreativeView(String id, String campaignId, String size, Creative.Format format, String imageUrl,
            String altText, String headline, String body, String clickUrl, Creative.ReviewStatus reviewStatus,
            long version, Instant updatedAt) {

        static CreativeView of(Creative c) {
            return new CreativeView(c.id(), c.campaignId(), c.size().toString(), c.format(), c.imageUrl(),
                    c.altText(), c.headline(), c.body(), c.clickUrl(), c.reviewStatus(), c.version(), c.updatedAt());
        }
    }

    private final InventoryStore store;
    private final Clock clock;
    private final String ownAssetsPrefix;

    CreativeAdminController(InventoryStore store, Clock clock, @Value("${ads.public-base-url}") String publicBaseUrl) {
        this.store = store;
        this.clock = clock;
        this.ownAssetsPrefix = publicBaseUrl + "/api/ads/assets/";
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    CreativeView create(@Valid @RequestBody CreativeRequest request) {
        Creative.ReviewStatus review = request.reviewStatus() == null ? Creative.ReviewStatus.PENDING
                : request.reviewStatus();
        return CreativeView.of(store.insert(toCreative(request, Ids.next("crv"), 0, review)));
    }

    @GetMapping("/{id}")
    CreativeView read(@PathVariable String id) {
        return CreativeView.of(load(id));
    }

    @PutMapping("/{id}")
    CreativeView update(@PathVariable String id, @Valid @RequestBody CreativeRequest request) {
        long expected = Versions.required(request.version());
        Creative current = load(id);
        Versions.sameKey("campaignId", current.campaignId(), request.campaignId());
        Creative updated = toCreative(request, id, expected + 1,
                request.reviewStatus() == null ? current.reviewStatus() : request.reviewStatus());
        Versions.replaceOrFail(store, Creative.class, id, expected, updated, "creative");
        return CreativeView.of(updated);
    }

    @PostMapping("/{id}/approve")
    CreativeView approve(@PathVariable String id) {
        return review(id, Creative.ReviewStatus.APPROVED);
    }

    @PostMapping("/{id}/reject")
    CreativeView reject(@PathVariable String id) {
        return review(id, Creative.ReviewStatus.REJECTED);
    }

    @GetMapping
    PageView<CreativeView> list(@RequestParam(required = false) String campaignId,
            @RequestParam(required = false) Creative.ReviewStatus reviewStatus,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        PageRequest paging = PageRequest.of(page, size);
        Query query = ListFilters.matching("campaignId", campaignId, "reviewStatus", reviewStatus);
        return PageView.of(store.find(Creative.class, paging.applyTo(Query.of(query))), CreativeView::of, paging,
                store.count(Creative.class, query));
    }

    private CreativeView review(String id, Creative.ReviewStatus status) {
        Creative c = load(id);
        Creative updated = new Creative(id, c.version() + 1, c.campaignId(), c.size(), c.format(), c.imageUrl(),
                c.altText(), c.headline(), c.body(), c.clickUrl(), status, clock.instant());
        Versions.replaceOrFail(store, Creative.class, id, c.version(), updated, "creative");
        return CreativeView.of(updated);
    }

    private Creative toCreative(CreativeRequest request, String id, long version, Creative.ReviewStatus review) {
        Violations violations = new Violations();
        Campaign campaign = store.find(Campaign.class, request.campaignId()).orElse(null);
        if (campaign == null) {
            violations.add("campaignId", "unknown campaign '" + request.campaignId() + "'");
        }
        AdSize size = violations.size("size", request.size());
        if (size != null && campaign != null && !someServableSlotAccepts(campaign, size)) {
            violations.add("size", "no slot this campaign can serve in accepts " + size);
        }
        violations.httpsUrl("clickUrl", request.clickUrl());
        if (request.imageUrl() != null && !Violations.isHttps(request.imageUrl())
                && !request.imageUrl().startsWith(ownAssetsPrefix)) {
            violations.add("imageUrl", "must be an absolute https URL");
        }
        if (request.format() == Creative.Format.IMAGE) {
            requireText(violations, "imageUrl", request.imageUrl(), "an image creative needs an image");
            requireText(violations, "altText", request.altText(), "an image creative needs alt text for screen readers");
        } else {
            requireText(violations, "headline", request.headline(), "a native creative needs a headline");
            requireText(violations, "body", request.body(), "a native creative needs a body text");
        }
        violations.throwIfAny();
        return new Creative(id, version, request.campaignId(), size, request.format(), request.imageUrl(),
                request.altText(), request.headline(), request.body(), request.clickUrl().trim(), review,
                clock.instant());
    }

    private boolean someServableSlotAccepts(Campaign campaign, AdSize size) {
        Set<String> targeted = campaign.targeting().slots();
        return store.findAll(Slot.class).stream()
                .filter(slot -> targeted.isEmpty() || targeted.contains(slot.id()))
                .anyMatch(slot -> slot.accepts(size));
    }

    private static void requireText(Violations violations, String field, String value, String message) {
        if (value == null || value.isBlank()) {
            violations.add(field, message);
        }
    }

    private Creative load(String id) {
        return store.find(Creative.class, id)
                .orElseThrow(() -> new NotFoundException("No creative with id '" + id + "'."));
    }
}
