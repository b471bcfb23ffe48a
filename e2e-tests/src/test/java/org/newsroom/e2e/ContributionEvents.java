package org.newsroom.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.newsroom.events.Topics;
import org.newsroom.localstack.LocalStack;

/** The contribution events on Kafka, read as a downstream consumer (a CRM, the data warehouse) would. */
final class ContributionEvents {

    private ContributionEvents() {
    }

    /**
     * Every event of the contribution on the topic: waits up to {@code within} for the first, then one more poll
     * so a duplicate published right after would be seen too.
     */
    static List<String> of(LocalStack stack, String contributionId, Duration within) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.settings().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.CONTRIBUTIONS));
            long deadline = System.nanoTime() + within.toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    if (contributionId.equals(record.key())) {
                        values.add(record.value());
                    }
                });
            }
            consumer.poll(Duration.ofSeconds(2)).forEach(record -> {
                if (contributionId.equals(record.key())) {
                    values.add(record.value());
                }
            });
        }
        return values;
    }
}
