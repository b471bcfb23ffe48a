package org.newsroom.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

class ReliableProducerDefaultsTest {

    @Test
    void overridesAServiceConfigurationThatWouldAllowLossOrDuplicates() {
        Map<String, Object> careless = new HashMap<>();
        careless.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        careless.put(ProducerConfig.ACKS_CONFIG, "1");
        careless.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        var factory = new DefaultKafkaProducerFactory<>(careless, new StringSerializer(), new StringSerializer());

        new ReliableProducerDefaults().customize(factory);

        assertThat(factory.getConfigurationProperties())
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    }
}
