package org.newsroom.donations.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.newsroom.donations.contribution.ContributionLedger;
import org.newsroom.events.Topics;
import org.newsroom.events.donations.ContributionEvent;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;

@Configuration
class OutboxConfiguration {

    /** Keyed by contribution id: a contribution's events stay in order on one partition. Kept a year for replays. */
    @Bean
    NewTopic contributionsTopic(@Value("${donations.events.topic.replicas:1}") short replicas) {
        return TopicBuilder.name(Topics.CONTRIBUTIONS).partitions(3).replicas(replicas)
                .config(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(365L * 24 * 3600 * 1000))
                .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(Math.max(1, replicas - 1)))
                .build();
    }

    /** The ledger tells the relay which contributions have an event waiting. */
    @Bean
    ContributionLedger contributionLedger(MongoTemplate mongo, OutboxRelay relay) {
        return new ContributionLedger(mongo, relay::publishSoon);
    }

    @Bean
    OutboxRelay outboxRelay(MongoTemplate mongo, KafkaTemplate<String, ContributionEvent> kafka, MeterRegistry meters) {
        return new OutboxRelay(mongo, kafka, meters);
    }
}
