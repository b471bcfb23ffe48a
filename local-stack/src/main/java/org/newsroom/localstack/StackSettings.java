package org.newsroom.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Where the local stack keeps its data, where it finds the services' jars, and which ports it listens on.
 * Every value can be overridden by an environment variable (see {@link #fromEnvironment}).
 *
 * @param projectRoot the checkout, whose {@code <service>/target/<service>.jar} files are launched
 * @param dataDir     Kafka logs and the MongoDB H2 file live here, so they survive a restart
 * @param withServices false starts the infrastructure only (Kafka and MongoDB)
 */
public record StackSettings(
        Path projectRoot,
        Path dataDir,
        int gatewayPort,
        int adServicePort,
        int donationServicePort,
        int kafkaPort,
        int kafkaControllerPort,
        int mongoPort,
        int stripeEmulatorPort,
        int identityPort,
        int redisPort,
        boolean withServices) {

    public static final String HOST = "localhost";

    /** The defaults of the one-command local stack, each overridable by an environment variable. */
    public static StackSettings fromEnvironment(UnaryOperator<String> env) {
        Path root = Path.of(valueOr(env, "LOCAL_STACK_PROJECT_ROOT", ".")).toAbsolutePath().normalize();
        return new StackSettings(
                root,
                Path.of(valueOr(env, "LOCAL_STACK_DATA_DIR", root.resolve(".local-data").toString())).toAbsolutePath(),
                Integer.parseInt(valueOr(env, "GATEWAY_PORT", "8080")),
                Integer.parseInt(valueOr(env, "AD_SERVICE_PORT", "8081")),
                Integer.parseInt(valueOr(env, "DONATION_SERVICE_PORT", "8082")),
                Integer.parseInt(valueOr(env, "KAFKA_PORT", "9092")),
                Integer.parseInt(valueOr(env, "KAFKA_CONTROLLER_PORT", "9093")),
                Integer.parseInt(valueOr(env, "MONGO_PORT", "27017")),
                Integer.parseInt(valueOr(env, "STRIPE_EMULATOR_PORT", "12111")),
                Integer.parseInt(valueOr(env, "IDENTITY_PORT", "9000")),
                Integer.parseInt(valueOr(env, "REDIS_PORT", "6379")),
                !"false".equalsIgnoreCase(valueOr(env, "LOCAL_STACK_SERVICES", "true")));
    }

    /** A stack on free ports, for tests that must not collide with a developer's running stack. */
    public static StackSettings onFreePorts(Path projectRoot, Path dataDir, boolean withServices) {
        return new StackSettings(projectRoot, dataDir,
                freePort(), freePort(), freePort(), freePort(), freePort(), freePort(), freePort(), freePort(),
                freePort(), withServices);
    }

    public String kafkaBootstrapServers() {
        return HOST + ":" + kafkaPort;
    }

    public String mongoUri(String database) {
        return "mongodb://" + HOST + ":" + mongoPort + "/" + database;
    }

    /** The development OIDC provider's issuer: services are told exactly this URL. */
    public String issuerUri() {
        return httpUrl(identityPort);
    }

    public String gatewayUrl() {
        return httpUrl(gatewayPort);
    }

    public static String httpUrl(int port) {
        return "http://" + HOST + ":" + port;
    }

    private static String valueOr(UnaryOperator<String> env, String name, String fallback) {
        String value = env.apply(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /**
     * Ports are taken below the OS's ephemeral range (Linux: 32768-60999): a port the OS hands out with
     * {@code new ServerSocket(0)} can meanwhile become the local end of some outgoing connection (a service's
     * client to Kafka or MongoDB), and the service meant to listen on it then fails with "port already in use".
     */
    private static final int FIRST_PORT = 20_000;
    private static final int PORTS = 12_000;
    private static final AtomicInteger nextPort = new AtomicInteger(new Random().nextInt(PORTS));

    private static int freePort() {
        for (int tries = 0; tries < PORTS; tries++) {
            int port = FIRST_PORT + Math.floorMod(nextPort.getAndIncrement(), PORTS);
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException inUse) {
                // try the next one
            }
        }
        throw new UncheckedIOException(new IOException("No free port between " + FIRST_PORT + " and "
                + (FIRST_PORT + PORTS)));
    }
}
