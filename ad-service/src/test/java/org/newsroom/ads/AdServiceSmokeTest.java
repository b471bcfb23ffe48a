package org.newsroom.ads;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.newsroom.platform.testing.InMemoryMongo;
import org.newsroom.platform.testing.ServiceSmokeChecks;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class AdServiceSmokeTest extends ServiceSmokeChecks {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        InMemoryMongo.register(registry, "ads");
        AdApiClient.IDENTITY.register(registry);
    }

    @Override
    protected String apiPrefix() {
        return "/api/ads";
    }

    @Override
    protected String openApiTitle() {
        return "Ad service API";
    }

    // The beacons are a plain servlet (no controller): their documentation, metrics and errors are checked here.

    @Test
    void beaconsAreInTheOpenApiDocumentForGetAndPost() throws Exception {
        JsonNode paths = json.readTree(send("GET", "/api/ads/openapi").body()).path("paths");

        for (String beacon : new String[] {"/api/ads/i", "/api/ads/v", "/api/ads/c"}) {
            for (String method : new String[] {"get", "post"}) {
                JsonNode operation = paths.path(beacon).path(method);
                assertThat(operation.path("summary").asString()).as(beacon + " " + method).isNotBlank();
                assertThat(operation.path("parameters").get(0).path("name").asString()).isEqualTo("t");
                assertThat(operation.path("responses").has("400")).isTrue();
            }
        }
        assertThat(paths.path("/api/ads/c").path("get").path("responses").has("302")).isTrue();
        assertThat(paths.path("/api/ads/i").path("post").path("responses").has("204")).isTrue();
    }

    @Test
    void aBeaconWithAnUnsupportedMethodIsA405ProblemDetail() throws Exception {
        HttpResponse<String> response = send("PUT", "/api/ads/i?t=abc");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD, POST");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json.readTree(response.body()).path("status").asInt()).isEqualTo(405);
    }

    @Test
    void anInvalidBeaconIsAProblemDetailNamingTheTokenAndIsCountedByTheBeaconsOwnMetric() throws Exception {
        HttpResponse<String> response = send("POST", "/api/ads/v?t=forged");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("title").asString()).isEqualTo("Invalid tracking token");
        assertThat(problem.path("detail").asString()).contains("tracking token");
        assertThat(problem.path("instance").asString()).isEqualTo("/api/ads/v");
        // Beacons are too many to observe one by one (BeaconServlet); other requests still are.
        send("GET", "/api/ads/openapi");
        assertThat(send("GET", "/actuator/prometheus").body())
                .doesNotContainPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/api/ads/v\"")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/api/ads/openapi\"")
                .containsPattern("ads_beacons_total\\{[^}]*kind=\"viewable\"[^}]*traffic=\"invalid\"[^}]*\\} [1-9]");
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
