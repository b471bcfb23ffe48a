package org.newsroom.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** An identity provider that stops answering must not hold the requests that carry its tokens. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class GatewayIdentityProviderTest {

    private static final WireMockServer services = Upstreams.started();
    private static final SilentServer provider = new SilentServer();

    @Autowired
    WebTestClient client;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        GatewayInfrastructure.register(registry);
        // The keys of the provider that issued EdgeTokens' tokens are to come from one that never answers.
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", () -> provider.url() + "/jwks");
        registry.add("gateway.identity-provider.response-timeout", () -> "500ms");
        registry.add("AD_SERVICE_URL", services::baseUrl);
        registry.add("DONATION_SERVICE_URL", services::baseUrl);
    }

    @AfterAll
    static void stop() {
        services.stop();
        provider.close();
    }

    @Test
    void aSilentProviderGetsOneMoreTryOnANewConnectionThenTheCallerIsToldTheServiceIsUnavailable() {
        String body = client.get().uri("/api/ads/admin/campaigns").header("Authorization", EdgeTokens.bearer("AD_OPS"))
                .exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(body).doesNotContain("127.0.0.1").doesNotContain(String.valueOf(provider.port()))
                .doesNotContain("Exception");
        assertThat(provider.connections()).hasSize(2);
        services.verify(0, anyRequestedFor(anyUrl()));
    }

    /** Accepts connections and never reads or answers, like a provider behind a load balancer that lost it. */
    private static final class SilentServer implements AutoCloseable {

        private final ServerSocket socket;
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();

        SilentServer() {
            try {
                socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread.ofPlatform().daemon().name("silent-identity-provider").start(() -> {
                while (!socket.isClosed()) {
                    try {
                        accepted.add(socket.accept());
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        String url() {
            return "http://127.0.0.1:" + port();
        }

        int port() {
            return socket.getLocalPort();
        }

        List<Socket> connections() {
            return accepted;
        }

        @Override
        public void close() {
            try {
                socket.close();
                for (Socket connection : accepted) {
                    connection.close();
                }
            } catch (IOException ignored) {
                // closing a test stand-in
            }
        }
    }
}
