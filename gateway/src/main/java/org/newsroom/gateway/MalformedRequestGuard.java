package org.newsroom.gateway;

import org.newsroom.platform.web.ConcreteMediaType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Requests no API could take are refused here with a problem detail, before routing: a URL longer than any API needs
 * (414) or headers larger than any client sends (431) — Netty reads request lines and headers well beyond these
 * limits ({@code server.netty.max-initial-line-length}, {@code server.max-http-request-header-size}) so that this
 * filter, not the HTTP decoder's bare status, answers — and a Content-Type that is not a media type or is a wildcard (415), which would
 * otherwise fail deep inside body caching or a service's message conversion.
 */
@Component
class MalformedRequestGuard implements WebFilter, Ordered {

    private static final String DECISIONS = "/api/ads/decisions";

    private final int maxUriLength;
    private final int maxHeaderBytes;

    MalformedRequestGuard(@Value("${gateway.max-uri-length:4096}") int maxUriLength,
            @Value("${gateway.max-header-bytes:8192}") int maxHeaderBytes) {
        this.maxUriLength = maxUriLength;
        this.maxHeaderBytes = maxHeaderBytes;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String rawPath = exchange.getRequest().getURI().getRawPath();
        String rawQuery = exchange.getRequest().getURI().getRawQuery();
        int length = (rawPath == null ? 0 : rawPath.length()) + (rawQuery == null ? 0 : rawQuery.length() + 1);
        if (length > maxUriLength) {
            return EdgeProblems.write(exchange.getResponse(), HttpStatus.URI_TOO_LONG,
                    "The URL is longer than " + maxUriLength + " characters.");
        }
        int headerBytes = 0;
        for (var header : exchange.getRequest().getHeaders().headerSet()) {
            for (String value : header.getValue()) {
                headerBytes += header.getKey().length() + value.length() + 4;
            }
        }
        if (headerBytes > maxHeaderBytes) {
            return EdgeProblems.write(exchange.getResponse(), HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    "The request's headers are larger than " + maxHeaderBytes + " bytes.");
        }
        String contentType = exchange.getRequest().getHeaders().getFirst(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && !ConcreteMediaType.test(contentType)) {
            return EdgeProblems.write(exchange.getResponse(), HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "The Content-Type is not a concrete media type.");
        }
        if (exchange.getRequest().getMethod() == HttpMethod.POST && DECISIONS.equals(exchange.getRequest().getPath().value())
                && exchange.getRequest().getHeaders().getContentLength() <= 0
                && !exchange.getRequest().getHeaders().containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
            // The decisions route caches the body for its fallback; an empty one would be forwarded as a request
            // that never ends, and the reader would get the fallback after the time limit instead of a 400.
            return EdgeProblems.write(exchange.getResponse(), HttpStatus.BAD_REQUEST,
                    "The request body is missing or is not valid JSON.");
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
