package org.newsroom.ads.inventory.admin;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.newsroom.ads.inventory.Advertiser;
import org.newsroom.ads.inventory.Campaign;
import org.newsroom.ads.inventory.DeliveryGoal;
import org.newsroom.ads.inventory.FrequencyCap;
import org.newsroom.ads.inventory.Money;
import org.newsroom.ads.inventory.Slot;
import org.newsroom.ads.inventory.Targeting;
import org.newsroom.ads.inventory.Targeting.DeviceType;
import org.newsroom.ads.inventory.store.InventoryStore;
import org.newsroom.platform.web.ConflictException;
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

/** Ad operations manage campaigns (line items): flight, tier, price, goals, pacing, caps and targeting. */
@RestController
@RequestMapping("/api/ads/admin/campaigns")
class CampaignAdminController {

    private static final String LABEL = "[a-z0-9][a-z0-9-]{0,39}";

    record MoneyRequest(@NotNull @PositiveOrZero Long minorUnits,
            @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as USD") String currency) {
    }

    record GoalRequest(@Positive Long lifetimeImpressions, @Positive Long dailyImpressions) {
    }

    record FrequencyCapRequest(@NotNull @Min(1) @Max(100) Integer impressions,
            @NotNull @Min(1) @Max(720) Integer periodHours) {
    }

    record TargetingRequest(
            @Size(max = 50) Set<@NotBlank String> slots,
            @Size(max = 50) Set<@NotNull @Pattern(regexp = LABEL) String> sections,
            @Size(max = 100) Set<@NotBlank @Size(max = 50) String> keywords,
            @Size(max = 250) Set<@NotNull @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166 alpha-2 code such as US")
                    String> countries,
            Set<@NotNull DeviceType> devices,
            Set<@NotNull DayOfWeek> days,
            Set<@NotNull @Min(0) @Max(23) Integer> hours,
            String timeZone) {
    }

    record CampaignRequest(
            @NotBlank String advertiserId,
            @NotBlank @Size(max = 200) String name,
            Campaign.Status status,
            @NotNull Instant startsAt,
            @NotNull Instant endsAt,
            @NotNull Campaign.Tier tier,
            @NotNull @Min(1) @Max(1000) Integer weight,
            @NotNull @Valid MoneyRequest cpm,
            @Valid GoalRequest goal,
            Campaign.Pacing pacing,
            @Valid FrequencyCapRequest frequencyCap,
            @Valid TargetingRequest targeting,
            @Size(max = 20) Set<@NotNull @Pattern(regexp = LABEL) String> exclusionLabels,
            Long version) {
    }

    private final InventoryStore store;
    private final Clock clock;

    CampaignAdminController(InventoryStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Campaign create(@Valid @RequestBody CampaignRequest request) {
        return store.insert(toCampaign(request, Ids.next("cmp"), 0,
                request.status() == null ? Campaign.Status.DRAFT : request.status()));
    }

    @GetMapping("/{id}")
    Campaign read(@PathVariable String id) {
        return load(id);
    }

    @PutMapping("/{id}")
    Campaign update(@PathVariable String id, @Valid @RequestBody CampaignRequest request) {
        long expected = Versions.required(request.version());
        Campaign current = load(id);
        Campaign updated = toCampaign(request, id, expected + 1,
                request.status() == null ? current.status() : request.status());
        Versions.replaceOrFail(store, Campaign.class, id, expected, updated, "campaign");
        return updated;
    }

    @PostMapping("/{id}/pause")
    Campaign pause(@PathVariable String id) {
        return transition(id, Campaign.Status.ACTIVE, Campaign.Status.PAUSED);
    }

    @PostMapping("/{id}/resume")
    Campaign resume(@PathVariable String id) {
        return transition(id, Campaign.Status.PAUSED, Campaign.Status.ACTIVE);
    }

    @GetMapping
    PageView<Campaign> list(@RequestParam(required = false) String advertiserId,
            @RequestParam(required = false) Campaign.Status status, @RequestParam(required = false) Campaign.Tier tier,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        PageRequest paging = PageRequest.of(page, size);
        Query query = ListFilters.matching("advertiserId", advertiserId, "status", status, "tier", tier);
        return PageView.of(store.find(Campaign.class, paging.applyTo(Query.of(query))), campaign -> campaign,
                paging, store.count(Campaign.class, query));
    }

    private Campaign transition(String id, Campaign.Status from, Campaign.Status to) {
        Campaign current = load(id);
        if (current.status() != from) {
            throw new ConflictException("Campaign '" + id + "' is " + current.status().name().toLowerCase(Locale.ROOT)
                    + "; only a " + from.name().toLowerCase(Locale.ROOT) + " campaign can become "
                    + to.name().toLowerCase(Locale.ROOT) + ".");
        }
        Campaign updated = current.withStatus(to, current.version() + 1, clock.instant());
        Versions.replaceOrFail(store, Campaign.class, id, current.version(), updated, "campaign");
        return updated;
    }

    private Campaign toCampaign(CampaignRequest request, String id, long version, Campaign.Status status) {
        Violations violations = new Violations();
        if (!store.exists(Advertiser.class, request.advertiserId())) {
            violations.add("advertiserId", "unknown advertiser '" + request.advertiserId() + "'");
        }
        if (!request.endsAt().isAfter(request.startsAt())) {
            violations.add("endsAt", "must be after startsAt");
        }
        try {
            Currency.getInstance(request.cpm().currency());
        } catch (IllegalArgumentException unknown) {
            violations.add("cpm.currency", "unknown currency '" + request.cpm().currency() + "'");
        }
        Targeting targeting = toTargeting(request.targeting(), violations);
        violations.throwIfAny();
        GoalRequest goal = request.goal();
        FrequencyCapRequest cap = request.frequencyCap();
        return new Campaign(id, version, request.advertiserId(), request.name(), status, request.startsAt(),
                request.endsAt(), request.tier(), request.weight(),
                new Money(request.cpm().minorUnits(), request.cpm().currency()),
                goal == null ? DeliveryGoal.NONE : new DeliveryGoal(goal.lifetimeImpressions(), goal.dailyImpressions()),
                request.pacing() == null ? Campaign.Pacing.EVEN : request.pacing(),
                cap == null ? null : new FrequencyCap(cap.impressions(), cap.periodHours()),
                targeting, orEmpty(request.exclusionLabels()), clock.instant());
    }

    private Targeting toTargeting(TargetingRequest request, Violations violations) {
        if (request == null) {
            return Targeting.ANYWHERE;
        }
        List<String> slots = List.copyOf(orEmpty(request.slots()));
        for (int i = 0; i < slots.size(); i++) {
            if (!store.exists(Slot.class, slots.get(i))) {
                violations.add("targeting.slots", "unknown slot '" + slots.get(i) + "'");
            }
        }
        String zone = request.timeZone() == null ? "UTC" : request.timeZone();
        try {
            ZoneId.of(zone);
        } catch (DateTimeException invalid) {
            violations.add("targeting.timeZone", "unknown time zone '" + zone + "'; use an IANA id such as Europe/London");
        }
        Set<String> keywords = orEmpty(request.keywords()).stream().map(k -> k.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        return new Targeting(orEmpty(request.slots()), orEmpty(request.sections()), keywords,
                orEmpty(request.countries()), orEmpty(request.devices()), orEmpty(request.days()),
                orEmpty(request.hours()), zone);
    }

    private static <T> Set<T> orEmpty(Set<T> values) {
        return values == null ? Set.of() : Set.copyOf(values);
    }

    private Campaign load(String id) {
        return store.find(Campaign.class, id)
                .orElseThrow(() -> new NotFoundException("No campaign with id '" + id + "'."));
    }
}
