package org.newsroom.gateway;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Browser protections on everything the gateway answers: no MIME sniffing, no referrer leaking beyond the origin,
 * and for the suite's own pages (everything outside {@code /api/}) a Content Security Policy that allows only this
 * origin's scripts and styles and forbids framing (clickjacking). API answers are data, never rendered as pages.
 */
@Component
class SecurityHeadersFilter implements WebFilter, Ordered {

    static final String PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders headers = exchange.getResponse().getHeaders();
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
        if (!exchange.getRequest().getPath().value().startsWith("/api/")) {
            headers.set("Content-Security-Policy", PAGE_POLICY);
            headers.set("X-Frame-Options", "DENY");
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 2;
    }
}
