package org.newsroom.platform.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports DOWN when the Kafka cluster cannot be described within the timeout, so an orchestrator
 * stops routing to an instance that could not publish what it accepts.
 * Spring Boot ships no Kafka health indicator, hence this one.
 */
public class KafkaClusterHealthIndicator extends AbstractHealthIndicator implements AutoCloseable {

    private final Map<String, Object> adminConfig;
    private final Duration timeout;
    private volatile AdminClient adminClient;

    public KafkaClusterHealthIndicator(Map<String, Object> adminConfig, Duration timeout) {
        super("Kafka health check failed");
        this.adminConfig = Map.copyOf(adminConfig);
        this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        DescribeClusterResult cluster = admin()
                .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
        String clusterId = cluster.clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        int brokers = cluster.nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
        builder.status(brokers > 0 ? "UP" : "DOWN")
                .withDetail("clusterId", clusterId)
                .withDetail("brokers", brokers);
    }

    private AdminClient admin() {
        AdminClient client = adminClient;
        if (client == null) {
            synchronized (this) {
                if (adminClient == null) {
                    adminClient = AdminClient.create(adminConfig);
                }
                client = adminClient;
            }
        }
        return client;
    }

    @Override
    public synchronized void close() {
        if (adminClient != null) {
            adminClient.close(Duration.ofSeconds(2));
            adminClient = null;
        }
    }
}
