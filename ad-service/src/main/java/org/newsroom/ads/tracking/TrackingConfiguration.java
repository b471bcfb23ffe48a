package org.newsroom.ads.tracking;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.newsroom.ads.inventory.store.LiveInventory;
import org.newsroom.ads.token.AdTokenCodec;
import org.newsroom.events.Topics;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.kafka.config.TopicBuilder;
import tools.jackson.databind.json.JsonMapper;

@Configuration
class TrackingConfiguration {

    /**
     * Keyed by campaign id: every event of a campaign is on one partition, so exactly one consumer updates that
     * campaign's aggregates and its delivery count, and its per-partition offset guard is enough to apply each
     * event once. Six partitions let up to six consumers share the counting; a campaign's traffic never splits.
     */
    @Bean
    NewTopic adTrackingTopic(@Value("${ads.tracking.topic.partitions:6}") int partitions,
            @Value("${ads.tracking.topic.replicas:1}") short replicas,
            @Value("${ads.tracking.topic.retention:P14D}") Duration retention) {
        return TopicBuilder.name(Topics.AD_TRACKING)
                .partitions(partitions)
                .replicas(replicas)
                .config(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(retention.toMillis()))
                .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(Math.max(1, replicas - 1)))
                .build();
    }

    @Bean
    BotFilter botFilter(@Value("${ads.tracking.bot-user-agents:}") List<String> extraPatterns) {
        List<String> patterns = new ArrayList<>(BotFilter.DEFAULT_PATTERNS);
        patterns.addAll(extraPatterns); // blank entries are ignored by BotFilter itself
        return new BotFilter(patterns);
    }

    @Bean
    ServletRegistrationBean<BeaconServlet> beaconServlet(AdTokenCodec tokens, BotFilter bots,
            TrackingPublisher publisher, LiveInventory inventory, Clock clock, JsonMapper json, MeterRegistry meters) {
        ServletRegistrationBean<BeaconServlet> registration = new ServletRegistrationBean<>(
                new BeaconServlet(tokens, bots, publisher, inventory, clock, json, meters),
                BeaconServlet.RENDER, BeaconServlet.VIEWABLE, BeaconServlet.CLICK);
        registration.setName("beacons");
        registration.setLoadOnStartup(1);
        return registration;
    }

    /** Beacons are counted by the servlet itself, not observed per request (see {@link BeaconServlet}). */
    @Bean
    ObservationPredicate beaconsAreNotObservedAsServerRequests() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && BeaconServlet.handles(request.getCarrier().getServletPath()));
    }

    @Bean
    BeaconApiDocumentation beaconApiDocumentation() {
        return new BeaconApiDocumentation();
    }
}
