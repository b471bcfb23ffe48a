package org.newsroom.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a developer wrote into the local stack is still there after stopping and starting it again. */
class LocalStackRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void aDocumentAndAKafkaRecordSurviveARestart() throws Exception {
        StackSettings settings = StackSettings.onFreePorts(Path.of("..").toAbsolutePath(), dataDir, false);

        try (LocalStack stack = LocalStack.start(settings)) {
            try (MongoClient mongo = MongoClients.create(settings.mongoUri("restart"))) {
                mongo.getDatabase("restart").getCollection("notes")
                        .insertOne(new Document("_id", "kept").append("text", "written before the restart"));
            }
            try (var producer = new KafkaProducer<>(producerConfig(settings), new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>("restart-check", "key-1", "written before the restart")).get();
            }
        }

        try (LocalStack stack = LocalStack.start(settings)) {
            try (MongoClient mongo = MongoClients.create(settings.mongoUri("restart"))) {
                Document kept = mongo.getDatabase("restart").getCollection("notes")
                        .find(new Document("_id", "kept")).first();
                assertThat(kept).isNotNull();
                assertThat(kept.getString("text")).isEqualTo("written before the restart");
            }
            assertThat(readAll(settings, "restart-check"))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("written before the restart");
        }
    }

    private static Map<String, Object> producerConfig(StackSettings settings) {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    }

    private static List<ConsumerRecord<String, String>> readAll(StackSettings settings, String topic) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "restart-check-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }
}
