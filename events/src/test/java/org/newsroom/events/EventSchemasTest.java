package org.newsroom.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.newsroom.events.ads.AdTrackingEvent;
import org.newsroom.events.donations.ContributionEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A payload type and its published JSON Schema never drift apart. */
class EventSchemasTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void adTrackingEventMatchesItsSchema() throws Exception {
        JsonNode schema = schema("ad-tracking-event.v1.schema.json");
        AdTrackingEvent event = new AdTrackingEvent(AdTrackingEvent.SCHEMA_VERSION,
                AdTrackingEvent.eventIdOf("d1", "banner-top", AdTrackingEvent.Kind.IMPRESSION),
                AdTrackingEvent.Kind.IMPRESSION, "d1", "banner-top", "adv", "cmp", "crv", 250, "USD",
                Instant.parse("2026-11-27T10:00:00Z"), Instant.parse("2026-11-27T10:00:01Z"),
                AdTrackingEvent.Traffic.HUMAN);
        JsonNode serialized = json.readTree(json.writeValueAsString(event));

        Set<String> required = new TreeSet<>();
        schema.path("required").forEach(name -> required.add(name.asString()));
        Set<String> written = new TreeSet<>(serialized.propertyNames());
        assertThat(written).isEqualTo(required);
        assertThat(enumValues(schema, "kind")).containsExactlyElementsOf(names(AdTrackingEvent.Kind.values()));
        assertThat(enumValues(schema, "traffic")).containsExactlyElementsOf(names(AdTrackingEvent.Traffic.values()));
        assertThat(serialized.path("eventId").asString()).isEqualTo("d1/banner-top/impression");
        assertThat(serialized.path("decidedAt").asString()).isEqualTo("2026-11-27T10:00:00Z");
    }

    @Test
    void contributionEventMatchesItsSchema() throws Exception {
        JsonNode schema = schema("contribution-event.v1.schema.json");
        ContributionEvent event = new ContributionEvent(ContributionEvent.SCHEMA_VERSION, "evt_1",
                ContributionEvent.Type.PAID, "ctb_1", "ONE_OFF", 100, "USD", 0, "US", "control",
                Instant.parse("2026-11-27T10:00:00Z"));
        JsonNode serialized = json.readTree(json.writeValueAsString(event));

        Set<String> required = new TreeSet<>();
        schema.path("required").forEach(name -> required.add(name.asString()));
        assertThat(new TreeSet<>(serialized.propertyNames())).isEqualTo(required);
        assertThat(enumValues(schema, "type")).containsExactlyElementsOf(names(ContributionEvent.Type.values()));
    }

    @Test
    void aRepeatedBeaconHasTheSameEventIdAndEachKindItsOwn() {
        assertThat(AdTrackingEvent.eventIdOf("d1", "inline-1", AdTrackingEvent.Kind.CLICK))
                .isEqualTo(AdTrackingEvent.eventIdOf("d1", "inline-1", AdTrackingEvent.Kind.CLICK))
                .isNotEqualTo(AdTrackingEvent.eventIdOf("d1", "inline-1", AdTrackingEvent.Kind.IMPRESSION))
                .isNotEqualTo(AdTrackingEvent.eventIdOf("d1", "inline-2", AdTrackingEvent.Kind.CLICK));
    }

    private JsonNode schema(String name) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/schemas/" + name)) {
            return json.readTree(in);
        }
    }

    private static List<String> enumValues(JsonNode schema, String property) {
        List<String> values = new ArrayList<>();
        schema.path("properties").path(property).path("enum").forEach(value -> values.add(value.asString()));
        return values;
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
