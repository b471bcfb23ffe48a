package org.newsroom.gateway.dashboards;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** The dashboards' pages (static HTML that calls /dashboards/api/**); who may open which is DashboardSecurity's rule. */
@Configuration
class DashboardPages {

    /** Page, its title, and its script under /dashboards/assets. */
    private record Page(String name, String title, String script) {
    }

    private static final List<Page> PAGES = List.of(new Page("index", "Dashboards", "home"),
            new Page("finance", "Finance", "finance"), new Page("reports", "Advertiser reports", "reports"),
            new Page("ad-ops", "Ad operations", "ad-ops"));

    @Bean
    RouterFunction<ServerResponse> dashboardPageRoutes() throws IOException {
        String layout = read("layout");
        Map<String, String> html = new HashMap<>();
        for (Page page : PAGES) {
            // Trusted constants from this jar only: no request data goes into a page.
            html.put(page.name(), layout.replace("{{title}}", page.title()).replace("{{script}}", page.script())
                    .replace("{{main}}", read(page.name())));
        }
        html.put("signed-out", read("signed-out"));
        return RouterFunctions.route(GET("/dashboards"), request -> page(html.get("index")))
                .andRoute(GET("/dashboards/finance"), request -> page(html.get("finance")))
                .andRoute(GET("/dashboards/reports"), request -> page(html.get("reports")))
                .andRoute(GET("/dashboards/ad-ops"), request -> page(html.get("ad-ops")))
                .andRoute(GET("/dashboards/signed-out"), request -> page(html.get("signed-out")));
    }

    private static String read(String name) throws IOException {
        return new ClassPathResource("dashboards/" + name + ".html").getContentAsString(StandardCharsets.UTF_8);
    }

    private static Mono<ServerResponse> page(String html) {
        // Pages show personal data once loaded: never kept by a shared cache.
        return ServerResponse.ok().contentType(MediaType.TEXT_HTML).cacheControl(CacheControl.noStore()).bodyValue(html);
    }
}
