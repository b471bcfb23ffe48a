package org.newsroom.gateway.demo;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.HtmlUtils;

/**
 * The demo advertisers' sites, served here so that clicking an ad on the demo page lands on a real page on a
 * machine without internet. Only the demo inventory's advertisers exist; anything else is a 404.
 */
@Configuration
class DemoLandingPages {

    private static final Map<String, String> ADVERTISERS = Map.of(
            "meridian-air", "Meridian Air — winter sun",
            "meridian-business", "Meridian Air — business class",
            "northwind-savings", "Northwind Bank — easy-access savings",
            "northwind-mortgage", "Northwind Bank — fixed-rate mortgages",
            "evergreen-solar", "Evergreen Energy — solar at home",
            "evergreen-ev", "Evergreen Energy — EV leasing",
            "atlas-jackets", "Atlas Outdoor — winter jackets");

    @Bean
    RouterFunction<ServerResponse> demoLandingPageRoutes() {
        return RouterFunctions.route(GET("/demo/landing/{page}"), request -> {
            String page = request.pathVariable("page").replaceFirst("\\.html$", "");
            String name = ADVERTISERS.get(page);
            if (name == null) {
                return ServerResponse.notFound().build();
            }
            String title = HtmlUtils.htmlEscape(name);
            return ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue("""
                    <!doctype html>
                    <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
                    <title>%s</title><link rel="icon" href="/favicon.svg" type="image/svg+xml">
                    <link rel="stylesheet" href="/suite.css"></head>
                    <body><h1>%s</h1><p>You arrived here from an advertisement on The Newsroom. This is a demo
                    advertiser's landing page, served by the local stack.</p><p><a href="/">Back to the article</a></p>
                    </body></html>
                    """.formatted(title, title));
        });
    }
}
