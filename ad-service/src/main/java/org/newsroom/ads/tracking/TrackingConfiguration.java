package org.newsroom.ads.tracking;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.newsroom.events.Topics;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

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
}
