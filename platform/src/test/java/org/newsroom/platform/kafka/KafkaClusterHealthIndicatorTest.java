package org.newsroom.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

class KafkaClusterHealthIndicatorTest {

    private static final EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);

    @BeforeAll
    static void startBroker() {
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @Test
    void upWithClusterIdAndBrokerCountWhenTheClusterAnswers() {
        try (var indicator = indicatorFor(broker.getBrokersAsString())) {
            Health health = indicator.health(true);

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("brokers", 1).containsKey("clusterId");
        }
    }

    @Test
    void downWhenNoBrokerListens() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (var indicator = indicatorFor("127.0.0.1:" + closedPort)) {
            assertThat(indicator.health(true).getStatus()).isEqualTo(Status.DOWN);
        }
    }

    private static KafkaClusterHealthIndicator indicatorFor(String bootstrapServers) {
        return new KafkaClusterHealthIndicator(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), Duration.ofSeconds(2));
    }
}
