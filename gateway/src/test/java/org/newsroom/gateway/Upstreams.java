package org.newsroom.gateway;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import com.github.tomakehurst.wiremock.WireMockServer;

/** Stand-ins for the services behind the gateway: a running WireMock, or a port where nothing listens. */
final class Upstreams {

    private Upstreams() {
    }

    static WireMockServer started() {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        return server;
    }

    /** A port that was free a moment ago: connections to it are refused, as to a service that is down. */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
