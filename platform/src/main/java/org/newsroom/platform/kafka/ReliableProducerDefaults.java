package org.newsroom.platform.kafka;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/**
 * Forces the producer settings that "nothing lost, nothing duplicated by a retry" depends on,
 * whatever a service's configuration says: a broker retry must not write a record twice,
 * and a record counts as sent only once every in-sync replica has it.
 */
public class ReliableProducerDefaults implements DefaultKafkaProducerFactoryCustomizer {

    static final Map<String, Object> SETTINGS = Map.of(
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
            ProducerConfig.ACKS_CONFIG, "all");

    @Override
    public void customize(DefaultKafkaProducerFactory<?, ?> producerFactory) {
        producerFactory.updateConfigs(SETTINGS);
    }
}
