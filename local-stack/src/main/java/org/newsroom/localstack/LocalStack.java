package org.newsroom.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.newsroom.localstack.stripe.StripeEmulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole suite on one machine, on embedded infrastructure: MongoDB wire-protocol server, Kafka (KRaft),
 * then ad-service, donation-service and the gateway, each waited for until healthy.
 * Closing stops everything in reverse order; nothing is left listening.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
    private static final Duration KAFKA_READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration SERVICE_READY_TIMEOUT = Duration.ofSeconds(180);

    private final StackSettings settings;
    private final List<SpringService> services = new ArrayList<>();
    private final Map<String, Launch> launched = new java.util.HashMap<>();
    private final List<String> urls = new ArrayList<>();
    private MongoWireServer mongo;
    private KafkaBroker kafka;
    private StripeEmulator stripe;
    private RedisPart redis;

    private LocalStack(StackSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        LocalStack stack = new LocalStack(StackSettings.fromEnvironment(System::getenv));
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            log.info("Stopping the suite...");
            stack.close();
            stopped.countDown();
        }, "local-stack-shutdown"));
        try {
            stack.startAll();
        } catch (Exception e) {
            if (stopping.get()) {
                return; // Ctrl-C during startup: the shutdown hook is already stopping what was started
            }
            log.error("The suite failed to start: {}", e.getMessage());
            System.exit(1);
        }
        stopped.await();
    }

    /** Starts the stack described by the settings and returns once every part is ready. */
    public static LocalStack start(StackSettings settings) throws Exception {
        LocalStack stack = new LocalStack(settings);
        try {
            stack.startAll();
            return stack;
        } catch (Exception e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        long suiteStart = System.nanoTime();
        Path logDir = settings.dataDir().resolve("logs");
        log.info("Data directory: {} (delete it to start from empty)", settings.dataDir());

        long step = System.nanoTime();
        mongo = MongoWireServer.start(settings);
        announce("MongoDB (wire protocol, H2 file backend)", settings.mongoUri(""), step);

        step = System.nanoTime();
        log.info("Starting Kafka broker (KRaft) on {}...", settings.kafkaBootstrapServers());
        kafka = KafkaBroker.start(settings, logDir, KAFKA_READY_TIMEOUT);
        announce("Kafka broker (KRaft)", settings.kafkaBootstrapServers(), step);

        if (settings.withServices()) {
            step = System.nanoTime();
            redis = RedisPart.start(settings.redisPort());
            announce("Redis (rate limits)", StackSettings.HOST + ":" + settings.redisPort(), step);
            step = System.nanoTime();
            stripe = StripeEmulator.start(StackSettings.HOST, settings.stripeEmulatorPort(),
                    LocalSecrets.stripeSecretKey(settings.dataDir()), StackSettings.httpUrl(settings.donationServicePort())
                            + "/api/donations/stripe/webhooks", LocalSecrets.stripeWebhookSecret(settings.dataDir()));
            announce("Stripe emulator", stripe.baseUrl(), step);
            startServices(logDir);
        }
        log.info("");
        urls.forEach(line -> log.info("  {}", line));
        log.info("Logs: {}", logDir);
        String entry = settings.withServices() ? settings.gatewayUrl() + "/" : settings.kafkaBootstrapServers();
        log.info("Suite ready in {}: open {}", seconds(suiteStart), entry);
    }

    private void startServices(Path logDir) throws Exception {
        long step = System.nanoTime();
        String kafka = settings.kafkaBootstrapServers();
        log.info("Starting the identity provider, ad-service, donation-service and gateway (logs in {})...", logDir);
        String issuer = settings.issuerUri();
        List<SpringService> services = List.of(
                launch("identity-dev", settings.identityPort(), Map.of(
                        "IDENTITY_ISSUER", issuer,
                        "IDENTITY_DIRECTORY_FILE", DemoIdentity.writeDirectory(settings).toString()), logDir),
                launch("ad-service", settings.adServicePort(), Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", kafka,
                        "MONGODB_URI", settings.mongoUri("ads"),
                        "OIDC_ISSUER_URI", issuer,
                        "AD_TOKEN_KEYS", LocalSecrets.adTokenKeys(settings.dataDir()),
                        "ADS_PUBLIC_BASE_URL", settings.gatewayUrl()), logDir),
                launch("donation-service", settings.donationServicePort(), Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", kafka,
                        "MONGODB_URI", settings.mongoUri("donations"),
                        "OIDC_ISSUER_URI", issuer,
                        "STRIPE_API_BASE", stripe.baseUrl(),
                        "STRIPE_SECRET_KEY", LocalSecrets.stripeSecretKey(settings.dataDir()),
                        "STRIPE_WEBHOOK_SECRETS", LocalSecrets.stripeWebhookSecret(settings.dataDir()),
                        "DONATIONS_ALLOWED_RETURN_ORIGINS", settings.gatewayUrl()), logDir),
                launch("gateway", settings.gatewayPort(), Map.ofEntries(
                        Map.entry("AD_SERVICE_URL", StackSettings.httpUrl(settings.adServicePort())),
                        Map.entry("DONATION_SERVICE_URL", StackSettings.httpUrl(settings.donationServicePort())),
                        Map.entry("REDIS_HOST", StackSettings.HOST),
                        Map.entry("REDIS_PORT", String.valueOf(settings.redisPort())),
                        // On one machine every page, test and benchmark comes from 127.0.0.1: per-address limits
                        // stay on but wide enough for them (checkouts: 50 at once, then 5 a minute; 50 refused ones).
                        Map.entry("GATEWAY_DECISION_RATE_REPLENISH", "100000"),
                        Map.entry("GATEWAY_DECISION_RATE_BURST", "200000"),
                        Map.entry("GATEWAY_BEACON_RATE_REPLENISH", "100000"),
                        Map.entry("GATEWAY_BEACON_RATE_BURST", "200000"),
                        Map.entry("GATEWAY_CHECKOUT_RATE_BURST", "600"),
                        Map.entry("GATEWAY_CHECKOUT_MAX_FAILURES", "50"),
                        // Requests from this machine may carry a client address in X-Forwarded-For, as a load
                        // balancer's do: the fault drills play a bot at another address without starving the rest.
                        Map.entry("GATEWAY_TRUSTED_PROXIES", "127.0.0.1/32,::1/128"),
                        Map.entry("OIDC_ISSUER_URI", issuer),
                        Map.entry("DASHBOARDS_OIDC_CLIENT_ID", DemoIdentity.DASHBOARDS_CLIENT),
                        Map.entry("DASHBOARDS_OIDC_CLIENT_SECRET",
                                DemoIdentity.clientSecret(settings.dataDir(), DemoIdentity.DASHBOARDS_CLIENT))), logDir));
        for (SpringService service : services) {
            service.awaitHealthy(SERVICE_READY_TIMEOUT);
            announce(service.name(), service.url(), step);
        }
        urls.add("Suite page:        " + settings.gatewayUrl() + "/");
        urls.add("Ads API docs:      " + settings.gatewayUrl() + "/api/ads/openapi");
        urls.add("Donations API docs:" + settings.gatewayUrl() + "/api/donations/openapi");
        urls.add("Health:            " + settings.gatewayUrl() + "/actuator/health");
        urls.add("Identity provider: " + issuer + "/.well-known/openid-configuration");
        for (DemoIdentity.Person person : DemoIdentity.PEOPLE) {
            urls.add(String.format("Demo login %-14s %s / %s", person.roles().getLast() + ":", person.username(),
                    person.password()));
        }
    }

    private SpringService launch(String name, int port, Map<String, String> env, Path logDir) throws Exception {
        SpringService service = SpringService.launch(name, settings.projectRoot(), port, env, logDir);
        services.add(service);
        launched.put(name, new Launch(port, env, logDir));
        return service;
    }

    private record Launch(int port, Map<String, String> env, Path logDir) {
    }

    /** Stops one service (e.g. "ad-service"), as a crash or a deployment would; for failure tests and drills. */
    public synchronized void stopService(String name) {
        services.stream().filter(service -> service.name().equals(name)).findFirst().ifPresent(service -> {
            stopQuietly(service);
            services.remove(service);
            log.info("{} stopped", name);
        });
    }

    /** Kills one service with SIGKILL: no shutdown hooks, no graceful drain, as a crash or an OOM kill would. */
    public synchronized void killService(String name) {
        services.stream().filter(service -> service.name().equals(name)).findFirst().ifPresent(service -> {
            service.kill();
            services.remove(service);
            log.info("{} killed (SIGKILL)", name);
        });
    }

    /** Starts a service stopped with {@link #stopService(String)} again, on the same port and settings. */
    public synchronized void startService(String name) throws Exception {
        if (services.stream().anyMatch(service -> service.name().equals(name))) {
            return;
        }
        Launch launch = launched.get(name);
        long step = System.nanoTime();
        SpringService service = SpringService.launch(name, settings.projectRoot(), launch.port(), launch.env(),
                launch.logDir());
        services.add(service);
        service.awaitHealthy(SERVICE_READY_TIMEOUT);
        log.info("{} started again ({})", name, seconds(step));
    }

    private void announce(String what, String where, long sinceNanos) {
        log.info("{} ready on {} ({})", what, where, seconds(sinceNanos));
        urls.add(String.format("%-19s%s", what.split(" \\(")[0] + ":", where));
    }

    private static String seconds(long sinceNanos) {
        return String.format("%.1f s", (System.nanoTime() - sinceNanos) / 1e9);
    }

    public StackSettings settings() {
        return settings;
    }

    /** The Stripe emulator, to inject faults into its answers and count what reached it. */
    public StripeEmulator stripeEmulator() {
        return stripe;
    }

    /** Stops the MongoDB wire server, as an outage would, keeping its data; for failure tests. */
    public synchronized void stopMongo() {
        if (mongo != null) {
            mongo.close();
            mongo = null;
            log.info("MongoDB wire server stopped");
        }
    }

    /** Starts the MongoDB wire server again on the same port and data after {@link #stopMongo()}. */
    public synchronized void startMongo() throws Exception {
        if (mongo == null) {
            mongo = MongoWireServer.start(settings);
            log.info("MongoDB wire server started again");
        }
    }

    /** Stops the Kafka broker, as an outage would, keeping its data; for failure tests. */
    public synchronized void stopKafka() {
        if (kafka != null) {
            kafka.close();
            kafka = null;
            log.info("Kafka broker stopped");
        }
    }

    /** Starts the Kafka broker again on the same ports and data after {@link #stopKafka()}. */
    public synchronized void startKafka() throws Exception {
        if (kafka == null) {
            long step = System.nanoTime();
            kafka = KafkaBroker.start(settings, settings.dataDir().resolve("logs"), KAFKA_READY_TIMEOUT);
            log.info("Kafka broker started again ({})", seconds(step));
        }
    }

    /** Stops the services (gateway first), then Kafka, then MongoDB. */
    @Override
    public synchronized void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            stopQuietly(services.get(i));
        }
        services.clear();
        stopQuietly(stripe);
        stripe = null;
        stopQuietly(redis);
        redis = null;
        stopQuietly(kafka);
        kafka = null;
        stopQuietly(mongo);
        mongo = null;
        log.info("Suite stopped.");
    }

    private static void stopQuietly(AutoCloseable part) {
        if (part == null) {
            return;
        }
        try {
            part.close();
        } catch (Exception e) {
            log.warn("Stopping {} failed: {}", part, e.toString());
        }
    }
}
