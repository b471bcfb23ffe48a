package org.newsroom.ads.inventory.admin;

import java.time.Clock;
import java.time.Instant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.newsroom.ads.inventory.Advertiser;
import org.newsroom.ads.inventory.store.InventoryStore;
import org.newsroom.platform.web.NotFoundException;
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

/** Ad operations manage advertisers; pausing one takes all its campaigns out of decisions. */
@RestController
@RequestMapping("/api/ads/admin/advertisers")
class AdvertiserAdminController {

    record AdvertiserRequest(@NotBlank @Size(max = 100) String name, Advertiser.Status status, Long version) {
    }

    record AdvertiserView(String id, String name, Advertiser.Status status, long version, Instant updatedAt) {

        static AdvertiserView of(Advertiser advertiser) {
            return new AdvertiserView(advertiser.id(), advertiser.name(), advertiser.status(), advertiser.version(),
                    advertiser.updatedAt());
        }
    }

    private final InventoryStore store;
    private final Clock clock;

    AdvertiserAdminController(InventoryStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    AdvertiserView create(@Valid @RequestBody AdvertiserRequest request) {
        Advertiser advertiser = new Advertiser(Ids.next("adv"), 0, request.name(),
                request.status() == null ? Advertiser.Status.ACTIVE : request.status(), clock.instant());
        return AdvertiserView.of(store.insert(advertiser));
    }

    @GetMapping("/{id}")
    AdvertiserView read(@PathVariable String id) {
        return AdvertiserView.of(load(id));
    }

    @PutMapping("/{id}")
    AdvertiserView update(@PathVariable String id, @Valid @RequestBody AdvertiserRequest request) {
        long expected = Versions.required(request.version());
        Advertiser current = load(id);
        Advertiser updated = new Advertiser(id, expected + 1, request.name(),
                request.status() == null ? current.status() : request.status(), clock.instant());
        Versions.replaceOrFail(store, Advertiser.class, id, expected, updated, "advertiser");
        return AdvertiserView.of(updated);
    }

    @PostMapping("/{id}/pause")
    AdvertiserView pause(@PathVariable String id) {
        return changeStatus(id, Advertiser.Status.PAUSED);
    }

    @PostMapping("/{id}/resume")
    AdvertiserView resume(@PathVariable String id) {
        return changeStatus(id, Advertiser.Status.ACTIVE);
    }

    @GetMapping
    PageView<AdvertiserView> list(@RequestParam(required = false) Advertiser.Status status,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        PageRequest paging = PageRequest.of(page, size);
        Query query = ListFilters.matching("status", status);
        return PageView.of(store.find(Advertiser.class, paging.applyTo(Query.of(query))), AdvertiserView::of,
                paging, store.count(Advertiser.class, query));
    }

    private AdvertiserView changeStatus(String id, Advertiser.Status status) {
        Advertiser current = load(id);
        Advertiser updated = new Advertiser(id, current.version() + 1, current.name(), status, clock.instant());
        Versions.replaceOrFail(store, Advertiser.class, id, current.version(), updated, "advertiser");
        return AdvertiserView.of(updated);
    }

    private Advertiser load(String id) {
        return store.find(Advertiser.class, id)
                .orElseThrow(() -> new NotFoundException("No advertiser with id '" + id + "'."));
    }
}
