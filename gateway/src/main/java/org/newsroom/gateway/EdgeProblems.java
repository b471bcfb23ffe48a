package org.newsroom.gateway;

import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import reactor.core.publisher.Mono;

/** The problem details the gateway's security answers with before any service is called. */
public final class EdgeProblems {

    private EdgeProblems() {
    }

    public static ServerAuthenticationEntryPoint unauthorized(String detail) {
        return (exchange, denied) -> write(exchange.getResponse(), HttpStatus.UNAUTHORIZED, detail);
    }

    public static ServerAccessDeniedHandler forbidden() {
        return (exchange, denied) -> write(exchange.getResponse(), HttpStatus.FORBIDDEN,
                "Your role does not allow this request.");
    }

    public static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String detail) {
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        byte[] body = ("{\"type\":\"about:blank\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":"
                + status.value() + ",\"detail\":\"" + detail + "\"}").getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
