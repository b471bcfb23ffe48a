package org.newsroom.gateway;

import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every error the gateway itself answers is an RFC 9457 problem detail: unknown paths, a service that
 * cannot be reached, anything unexpected. The body never names an internal host or carries a stack trace.
 */
@Component
@Order(-2) // ahead of Boot's DefaultErrorWebExceptionHandler (-1), which renders a non-standard JSON shape
class ProblemDetailsErrorHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsErrorHandler.class);

    private final JsonMapper jsonMapper;

    ProblemDetailsErrorHandler(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(error);
        }
        ProblemDetail problem = toProblem(error);
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        response.setStatusCode(HttpStatusCode.valueOf(problem.getStatus()));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] body = jsonMapper.writeValueAsString(asRfc9457Members(problem)).getBytes(StandardCharsets.UTF_8);
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }

    private ProblemDetail toProblem(Throwable error) {
        if (error instanceof ErrorResponse known) {
            ProblemDetail body = known.getBody();
            ProblemDetail safe = ProblemDetail.forStatus(body.getStatus());
            if (body.getStatus() < 500 || error instanceof ReaderFacingUnavailable) {
                safe.setDetail(body.getDetail());
            }
            return safe;
        }
        if (error instanceof InvalidMediaTypeException) {
            return ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "The Content-Type is not valid.");
        }
        Throwable unreachable = unreachableService(error);
        if (unreachable != null) {
            log.warn("Upstream service unreachable: {}", unreachable.toString());
            return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "The service is temporarily unavailable. Please retry shortly.");
        }
        log.error("Unhandled gateway error", error);
        return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "An unexpected error occurred. It has been logged; please retry later.");
    }

    private static Map<String, Object> asRfc9457Members(ProblemDetail problem) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("type", problem.getType() == null ? "about:blank" : problem.getType().toString());
        members.put("title", problem.getTitle());
        members.put("status", problem.getStatus());
        if (problem.getDetail() != null) {
            members.put("detail", problem.getDetail());
        }
        members.put("instance", problem.getInstance().toString());
        return members;
    }

    /** The refusal, timeout, reset or close that shows a service (or the identity provider) is not there, if any. */
    private static Throwable unreachableService(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof TimeoutException
                    || cause instanceof java.io.IOException) {
                return cause;
            }
        }
        return null;
    }
}
