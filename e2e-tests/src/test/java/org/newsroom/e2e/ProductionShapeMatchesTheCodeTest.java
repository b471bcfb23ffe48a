package org.newsroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.newsroom.localstack.DemoIdentity;
import org.newsroom.localstack.LocalStack;
import org.newsroom.localstack.StackSettings;
import org.newsroom.platform.security.SuiteRoles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The production files agree with the code: the alert rules and the Grafana dashboard watch metrics the services
 * really expose, Prometheus scrapes the services docker-compose.yml really runs, and Keycloak's realm issues the
 * roles and claims the services read. A renamed metric, service or role would otherwise fail silently in production.
 */
class ProductionShapeMatchesTheCodeTest {

    /** A PromQL metric selector as these files write them: a name directly followed by its labels or range. */
    private static final Pattern SELECTOR = Pattern.compile("(?<![\\w$.])([a-z][a-z0-9_]*)(?=[{\\[])");
    /** Series Prometheus makes itself rather than scraping them. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static LocalStack stack;

    @BeforeAll
    static void startSuite() throws Exception {
        stack = SharedStack.get();
    }

    @Test
    void everyMetricOfTheAlertsAndTheDashboardIsExposedByAService() throws Exception {
        Set<String> used = new TreeSet<>();
        used.addAll(selectors(Files.readString(ROOT.resolve("deploy/prometheus/alerts.yml"))));
        used.addAll(selectors(Files.readString(ROOT.resolve("deploy/grafana/dashboards/newsroom.json"))));
        used.removeAll(PROMETHEUS_OWN);
        assertThat(used).as("metrics named by the alerts and dashboard")
                .contains("ads_decisions_seconds_bucket", "ads_decision_slots_total", "ads_beacons_total",
                        "kafka_consumer_fetch_manager_records_lag_max", "ads_tracking_freshness_seconds_bucket",
                        "donations_outbox_backlog", "resilience4j_circuitbreaker_state", "http_server_requests_seconds_count");

        StackSettings settings = stack.settings();
        // One reader's page view: the gateway creates a route's circuit breaker (and its metrics) on first use.
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(settings.gatewayUrl() + "/api/ads/decisions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"slots\":[{\"slot\":\"banner-top\"}]}")).build(),
                HttpResponse.BodyHandlers.discarding());
        Set<String> exposed = Stream.of(settings.gatewayPort(), settings.adServicePort(), settings.donationServicePort())
                .flatMap(port -> scrape(port).lines())
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("[{ ]", 2)[0])
                .collect(Collectors.toSet());

        assertThat(exposed).as("metric names the three services expose").containsAll(used);
    }

    @Test
    void prometheusScrapesEveryServiceTheComposeFileRuns() throws Exception {
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        String scrapeConfig = Files.readString(ROOT.resolve("deploy/prometheus/prometheus.yml"));
        Matcher target = Pattern.compile("\"([a-z0-9-]+):8080\"").matcher(scrapeConfig);
        Set<String> scraped = new TreeSet<>();
        while (target.find()) {
            scraped.add(target.group(1));
        }

        assertThat(scraped).containsExactlyInAnyOrder("gateway", "ad-service-1", "ad-service-2", "donation-service");
        for (String service : scraped) {
            assertThat(compose).as("docker-compose.yml runs " + service).contains("\n  " + service + ":\n");
        }
        assertThat(compose).as("the gateway balances over both ad-service instances")
                .contains("AD_SERVICE_URL: http://ad-service-1:8080,http://ad-service-2:8080");
    }

    @Test
    void keycloaksRealmIssuesTheRolesAndClaimsTheServicesRead() throws Exception {
        JsonNode realm = JsonMapper.builder().build().readTree(ROOT.resolve("deploy/keycloak/newsroom-realm.json").toFile());

        Set<String> roles = new TreeSet<>();
        realm.path("roles").path("realm").forEach(role -> roles.add(role.path("name").asString()));
        assertThat(roles).containsExactlyInAnyOrder(SuiteRoles.FINANCE, SuiteRoles.FINANCE_ADMIN, SuiteRoles.AD_OPS,
                SuiteRoles.ADVERTISER);

        Set<String> clients = new TreeSet<>();
        for (JsonNode client : realm.path("clients")) {
            clients.add(client.path("clientId").asString());
            assertThat(client.path("secret").asString()).as("a client secret comes from the environment, never the file")
                    .matches("\\$\\{[A-Z_]+}");
            Set<String> claims = new TreeSet<>();
            client.path("protocolMappers").forEach(mapper -> claims.add(mapper.path("config").path("claim.name").asString()));
            assertThat(claims).as(client.path("clientId").asString() + " puts the roles in its tokens")
                    .contains(SuiteRoles.ROLES_CLAIM);
        }
        assertThat(clients).containsExactlyInAnyOrder(DemoIdentity.DASHBOARDS_CLIENT, DemoIdentity.ADVERTISER_REPORTS_CLIENT,
                DemoIdentity.FINANCE_EXPORTS_CLIENT, DemoIdentity.AD_OPS_AUTOMATION_CLIENT);

        for (JsonNode user : realm.path("users")) {
            for (JsonNode credential : user.path("credentials")) {
                assertThat(credential.path("value").asString()).as("no password in the file").matches("\\$\\{[A-Z_]+}");
            }
            if (user.path("realmRoles").toString().contains(SuiteRoles.ADVERTISER) && !user.has("serviceAccountClientId")) {
                assertThat(user.path("attributes").path(SuiteRoles.ADVERTISER_CLAIM).isArray())
                        .as(user.path("username").asString() + " is bound to an advertiser").isTrue();
            }
        }
    }

    @Test
    void grafanasDashboardIsValidJsonWithAPanelPerWatchedSignal() throws Exception {
        JsonNode dashboard = JsonMapper.builder().build()
                .readTree(ROOT.resolve("deploy/grafana/dashboards/newsroom.json").toFile());
        Set<String> titles = new TreeSet<>();
        dashboard.path("panels").forEach(panel -> titles.add(panel.path("title").asString()));

        assertThat(titles).contains("Decisions per second", "Fill rate", "Decision latency", "Beacons per second",
                "Tracking consumer lag", "Beacon-to-report freshness", "Checkouts per minute", "Webhook failures",
                "Outbox backlog", "Circuit breakers (gateway)");
    }

    private static Set<String> selectors(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = SELECTOR.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static String scrape(int port) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(StackSettings.httpUrl(port) + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new IllegalStateException("cannot scrape port " + port, e);
        }
    }
}
