package org.newsroom.gateway.dashboards;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** The dashboards' pages (static HTML that calls /dashboards/api/**); who may open which is DashboardSecurity's rule. */
@Configuration
class DashboardPages {

    @Bean
    RouterFunction<ServerResponse> dashboardPageRoutes() {
        return RouterFunctions.route(GET("/dashboards"), request -> page("index"))
                .andRoute(GET("/dashboards/finance"), request -> page("finance"))
                .andRoute(GET("/dashboards/reports"), request -> page("reports"))
                .andRoute(GET("/dashboards/ad-ops"), request -> page("ad-ops"))
                .andRoute(GET("/dashboards/signed-out"), request -> page("signed-out"));
    }

    private static Mono<ServerResponse> page(String name) {
        Resource html = new ClassPathResource("dashboards/" + name + ".html");
        // Pages show personal data once loaded: never kept by a shared cache.
        return ServerResponse.ok().contentType(MediaType.TEXT_HTML)
                .cacheControl(CacheControl.noStore()).bodyValue(html);
    }
}
