package org.newsroom.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One of the suite's Spring Boot services, run from its packaged jar in its own JVM with the {@code local}
 * profile, ready once its actuator health endpoint reports UP.
 */
final class SpringService implements AutoCloseable {

    // Small heaps and the serial collector: three services and Kafka share two cores. Full JIT (C2), so that
    // benchmarks against the local stack measure the code as it runs in production. Heap, code cache and direct
    // buffers are bounded so that each service stays under 512 MB resident under load (bench/run measures it).
    private static final List<String> JVM_ARGS = List.of("-Xms128m", "-XX:+UseSerialGC",
            "-XX:ReservedCodeCacheSize=96m", "-XX:MaxDirectMemorySize=96m", "-Djava.awt.headless=true");
    // Every service's live heap after load is 35-40 MB. The gateway keeps nothing of its own (sessions and rate-limit
    // counters are in Redis) but needs the most native memory (Netty, two HTTP sides): a smaller heap keeps it under
    // 512 MB resident; a heap that grows to its maximum stays resident even when it is mostly garbage.
    private static final Map<String, String> MAX_HEAP = Map.of("gateway", "-Xmx192m");
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ChildJvm jvm;
    private final int port;

    private SpringService(ChildJvm jvm, int port) {
        this.jvm = jvm;
        this.port = port;
    }

    /**
     * Starts the service without waiting; {@link #awaitHealthy} waits, so several services can boot in parallel.
     *
     * @param environment the service's configuration, as a deployment would pass it
     */
    static SpringService launch(String name, Path projectRoot, int port, Map<String, String> environment,
            Path logDir) throws IOException {
        Path jar = projectRoot.resolve(name).resolve("target").resolve(name + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the suite first (./mvnw -DskipTests package)");
        }
        Map<String, String> env = new HashMap<>(environment);
        env.put("SERVER_PORT", String.valueOf(port));
        env.put("SPRING_PROFILES_ACTIVE", "local");
        // glibc gives every thread that allocates its own 64 MB arena; two are plenty for a JVM's native allocations.
        env.putIfAbsent("MALLOC_ARENA_MAX", "2");
        List<String> jvmArgs = new ArrayList<>(JVM_ARGS);
        jvmArgs.add(MAX_HEAP.getOrDefault(name, "-Xmx288m"));
        ChildJvm jvm = ChildJvm.start(name, jvmArgs, List.of("-jar", jar.toString()), env,
                logDir.resolve(name + ".log"));
        return new SpringService(jvm, port);
    }

    void awaitHealthy(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest health = HttpRequest.newBuilder(URI.create(url() + "/actuator/health"))
                .timeout(Duration.ofSeconds(3)).GET().build();
        while (Instant.now().isBefore(deadline)) {
            jvm.requireAlive();
            try {
                HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                // Actuator answers 503 while any component (MongoDB, Kafka) is DOWN.
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep polling until the deadline
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException(jvm.name() + " was not healthy within " + timeout + "; see "
                + jvm.logFile() + "\n" + jvm.logTail());
    }

    String name() {
        return jvm.name();
    }

    String url() {
        return StackSettings.httpUrl(port);
    }

    /** SIGKILL: the process gets no chance to finish anything. */
    void kill() {
        jvm.kill();
    }

    @Override
    public void close() {
        jvm.stop();
    }
}
