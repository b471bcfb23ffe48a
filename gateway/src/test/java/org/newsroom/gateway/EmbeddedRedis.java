package org.newsroom.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import org.springframework.test.context.DynamicPropertyRegistry;
import redis.embedded.RedisServer;

/** A real Redis server (the binary bundled by embedded-redis) on a free port, one per test JVM. */
final class EmbeddedRedis {

    private static final int PORT = start();

    private EmbeddedRedis() {
    }

    static int port() {
        return PORT;
    }

    static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.host", () -> "127.0.0.1");
        registry.add("spring.data.redis.port", EmbeddedRedis::port);
    }

    private static int start() {
        try (ServerSocket socket = new ServerSocket(0)) {
            int port = socket.getLocalPort();
            socket.close();
            RedisServer server = new RedisServer(port);
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.stop();
                } catch (IOException ignored) {
                    // the JVM is ending anyway
                }
            }));
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
