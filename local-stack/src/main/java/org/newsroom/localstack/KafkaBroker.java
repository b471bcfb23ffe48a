package org.newsroom.localstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Apache Kafka broker in KRaft mode (combined broker and controller), run from the
 * Kafka jars on the classpath in its own JVM, with its log directory under the stack's data directory.
 */
final class KafkaBroker implements AutoCloseable {

    private static final List<String> JVM_ARGS = List.of("-Xms256m", "-Xmx768m", "-XX:+UseG1GC",
            "-Djava.awt.headless=true");

    private final ChildJvm jvm;
    private final String bootstrapServers;

    private KafkaBroker(ChildJvm jvm, String bootstrapServers) {
        this.jvm = jvm;
        this.bootstrapServers = bootstrapServers;
    }

    static KafkaBroker start(StackSettings settings, Path logDir, Duration readyTimeout)
            throws IOException, InterruptedException {
        Path home = settings.dataDir().resolve("kafka");
        Path dataLogs = home.resolve("data");
        Path config = home.resolve("server.properties");
        Files.createDirectories(dataLogs);
        writeConfig(config, settings, dataLogs);

        List<String> jvmArgs = classpathArgs();
        if (!Files.exists(dataLogs.resolve("meta.properties"))) {
            ChildJvm.runToCompletion("kafka-storage-format", jvmArgs,
                    List.of("kafka.tools.StorageTool", "format", "--config", config.toString(),
                            "--cluster-id", Uuid.randomUuid().toString()),
                    logDir.resolve("kafka-format.log"), Duration.ofMinutes(1));
        }
        List<String> brokerJvmArgs = new ArrayList<>(JVM_ARGS);
        brokerJvmArgs.addAll(jvmArgs);
        ChildJvm jvm = ChildJvm.start("kafka", brokerJvmArgs, List.of("kafka.Kafka", config.toString()),
                Map.of(), logDir.resolve("kafka.log"));
        KafkaBroker broker = new KafkaBroker(jvm, settings.kafkaBootstrapServers());
        broker.awaitReady(readyTimeout, settings.kafkaPort());
        return broker;
    }

    private void awaitReady(Duration timeout, int port) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        // Wait for the listener before creating an admin client, which would log a warning per refused attempt.
        while (!acceptsConnections(port)) {
            failIfDeadOrLate(deadline, timeout);
            Thread.sleep(200);
        }
        Map<String, Object> adminConfig = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(adminConfig)) {
            while (true) {
                failIfDeadOrLate(deadline, timeout);
                try {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException notYet) {
                    Thread.sleep(250);
                }
            }
        }
    }

    private void failIfDeadOrLate(Instant deadline, Duration timeout) {
        jvm.requireAlive();
        if (Instant.now().isAfter(deadline)) {
            jvm.stop();
            throw new IllegalStateException("Kafka was not ready within " + timeout + "; see " + jvm.logFile());
        }
    }

    private static boolean acceptsConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(StackSettings.HOST, port), 500);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static void writeConfig(Path file, StackSettings settings, Path dataLogs) throws IOException {
        String host = StackSettings.HOST;
        Properties config = new Properties();
        config.setProperty("process.roles", "broker,controller");
        config.setProperty("node.id", "1");
        config.setProperty("controller.quorum.voters", "1@" + host + ":" + settings.kafkaControllerPort());
        config.setProperty("listeners",
                "PLAINTEXT://" + host + ":" + settings.kafkaPort() + ",CONTROLLER://" + host + ":"
                        + settings.kafkaControllerPort());
        config.setProperty("advertised.listeners", "PLAINTEXT://" + host + ":" + settings.kafkaPort());
        config.setProperty("controller.listener.names", "CONTROLLER");
        config.setProperty("inter.broker.listener.name", "PLAINTEXT");
        config.setProperty("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        config.setProperty("log.dirs", dataLogs.toString());
        config.setProperty("num.partitions", "3");
        // One broker: internal topics cannot have more than one replica.
        config.setProperty("offsets.topic.replication.factor", "1");
        config.setProperty("transaction.state.log.replication.factor", "1");
        config.setProperty("transaction.state.log.min.isr", "1");
        config.setProperty("share.coordinator.state.topic.replication.factor", "1");
        config.setProperty("share.coordinator.state.topic.min.isr", "1");
        config.setProperty("group.initial.rebalance.delay.ms", "0");
        try (var out = Files.newBufferedWriter(file)) {
            config.store(out, "Written by the local stack at every start; edit StackSettings instead");
        }
    }

    /** The broker runs from the same jars as this launcher: kafka_2.13 and its dependencies. */
    private static List<String> classpathArgs() {
        return List.of("-cp", System.getProperty("java.class.path"));
    }

    @Override
    public void close() {
        jvm.stop();
    }
}
