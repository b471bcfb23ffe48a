package org.newsroom.ads.inventory.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.newsroom.ads.inventory.AdSize;
import org.newsroom.ads.inventory.Slot;
import org.newsroom.ads.inventory.store.InventoryStore;
import org.newsroom.platform.web.ConflictException;
import org.newsroom.platform.web.NotFoundException;
import org.springframework.dao.DuplicateKeyException;
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

/** Ad operations manage the ad units of the publisher's pages. */
@RestController
@RequestMapping("/api/ads/admin/slots")
class SlotAdminController {

    static final String KEY_PATTERN = "[a-z0-9][a-z0-9-]{0,39}";

    record SlotRequest(
            @NotBlank @Pattern(regexp = KEY_PATTERN, message = "must be lowercase letters, digits and '-'") String key,
            @NotBlank @Size(max = 100) String name,
            @NotEmpty @Size(max = 10) List<@NotBlank String> sizes,
            @Size(max = 50) Set<@NotNull @Pattern(regexp = KEY_PATTERN) String> sections,
            Long version) {
    }

    record SlotView(String key, String name, List<String> sizes, Set<String> sections, long version,
            Instant updatedAt) {

        static SlotView of(Slot slot) {
            return new SlotView(slot.id(), slot.name(), slot.sizes().stream().map(AdSize::toString).toList(),
                    slot.sections(), slot.version(), slot.updatedAt());
        }
    }

    private final InventoryStore store;
    private final Clock clock;

    SlotAdminController(InventoryStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    SlotView create(@Valid @RequestBody SlotRequest request) {
        Slot slot = toSlot(request, request.key(), 0);
        try {
            return SlotView.of(store.insert(slot));
        } catch (DuplicateKeyException taken) {
            throw new ConflictException("A slot with key '" + request.key() + "' already exists.");
        }
    }

    @GetMapping("/{key}")
    SlotView read(@PathVariable String key) {
        return SlotView.of(store.find(Slot.class, key).orElseThrow(() -> notFound(key)));
    }

    @PutMapping("/{key}")
    SlotView update(@PathVariable String key, @Valid @RequestBody SlotRequest request) {
        long expected = Versions.required(request.version());
        Versions.sameKey("key", key, request.key());
        Slot slot = toSlot(request, key, expected + 1);
        Versions.replaceOrFail(store, Slot.class, key, expected, slot, "slot");
        return SlotView.of(slot);
    }

    @GetMapping
    PageView<SlotView> list(@RequestParam(required = false) String section,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        PageRequest paging = PageRequest.of(page, size);
        Query query = ListFilters.matching("sections", section);
        return PageView.of(store.find(Slot.class, paging.applyTo(Query.of(query))), SlotView::of, paging,
                store.count(Slot.class, query));
    }

    private Slot toSlot(SlotRequest request, String key, long version) {
        Violations violations = new Violations();
        List<AdSize> sizes = new ArrayList<>();
        for (int i = 0; i < request.sizes().size(); i++) {
            AdSize size = violations.size("sizes[" + i + "]", request.sizes().get(i));
            if (size != null && !sizes.contains(size)) {
                sizes.add(size);
            }
        }
        violations.throwIfAny();
        Set<String> sections = request.sections() == null ? Set.of() : new LinkedHashSet<>(request.sections());
        return new Slot(key, version, request.name(), sizes, sections, clock.instant());
    }

    private static NotFoundException notFound(String key) {
        return new NotFoundException("No slot with key '" + key + "'.");
    }
}
