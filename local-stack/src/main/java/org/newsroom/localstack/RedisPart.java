package org.newsroom.localstack;

import java.io.IOException;

import redis.embedded.RedisServer;

/** A real Redis server (the binary embedded-redis bundles) for the gateway's shared rate-limit counters. */
final class RedisPart implements AutoCloseable {

    private final RedisServer server;

    private RedisPart(RedisServer server) {
        this.server = server;
    }

    static RedisPart start(int port) throws IOException {
        RedisServer server = RedisServer.newRedisServer().bind(StackSettings.HOST).port(port).build();
        server.start();
        return new RedisPart(server);
    }

    @Override
    public void close() throws IOException {
        server.stop();
    }

    @Override
    public String toString() {
        return "Redis";
    }
}
