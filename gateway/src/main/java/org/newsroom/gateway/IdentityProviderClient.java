package org.newsroom.gateway;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.ReadTimeoutException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.JwkSetUriReactiveJwtDecoderBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.resources.ConnectionProvider;
import reactor.util.retry.Retry;

/**
 * How the gateway talks to the identity provider: its signing keys (JWK set) for bearer tokens and ID tokens, and its
 * token endpoint for the dashboards' sign-in and refreshes. Spring Security would use clients with no time limit and a
 * connection pool shared with everything else: a provider connection that stops answering (a load balancer dropping it
 * silently) would hold every bearer-token request, or a person's sign-in, until the caller gave up. Here every call
 * has a time limit, idle connections are dropped before the provider or a proxy in between closes them, and a read is
 * tried once more on a fresh connection. After that, a {@link TimeoutException}: the caller gets a 503 problem.
 */
@Component
public class IdentityProviderClient {

    private final Duration responseTimeout;
    private final WebClient reads;
    private final WebClient tokenRequests;

    IdentityProviderClient(@Value("${gateway.identity-provider.connect-timeout:2s}") Duration connectTimeout,
            @Value("${gateway.identity-provider.response-timeout:3s}") Duration responseTimeout,
            @Value("${gateway.identity-provider.max-idle-time:20s}") Duration maxIdleTime) {
        ConnectionProvider connections = ConnectionProvider.builder("identity-provider").maxConnections(8)
                .maxIdleTime(maxIdleTime).evictInBackground(maxIdleTime).build();
        HttpClient http = HttpClient.create(connections)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(connectTimeout.toMillis()))
                .responseTimeout(responseTimeout);
        this.responseTimeout = responseTimeout;
        this.reads = client(http, 1);
        // An authorization code is good for one use, and a refresh token may be rotated by the first attempt:
        // a token request that got no answer is not sent again.
        this.tokenRequests = client(http, 0);
    }

    /** For GETs (discovery, JWK sets): safe to send again when the first attempt got no answer. */
    public WebClient reads() {
        return reads;
    }

    /** For POSTs to the token endpoint: sent once. */
    public WebClient tokenRequests() {
        return tokenRequests;
    }

    @Bean
    JwkSetUriReactiveJwtDecoderBuilderCustomizer identityProviderKeysForBearerTokens() {
        return builder -> builder.webClient(reads);
    }

    private WebClient client(HttpClient http, int retries) {
        return WebClient.builder().clientConnector(new ReactorClientHttpConnector(http))
                .filter((request, next) -> next.exchange(request)
                        .retryWhen(Retry.max(retries).filter(IdentityProviderClient::gotNoAnswer)
                                .onRetryExhaustedThrow((retry, signal) -> signal.failure()))
                        .onErrorMap(IdentityProviderClient::gotNoAnswer,
                                failure -> noAnswer(retries + 1, failure)))
                .build();
    }

    private TimeoutException noAnswer(int attempts, Throwable failure) {
        TimeoutException timeout = new TimeoutException("The identity provider did not answer " + attempts
                + (attempts == 1 ? " time" : " times") + " within " + responseTimeout.toMillis() + " ms");
        timeout.initCause(failure);
        return timeout;
    }

    private static boolean gotNoAnswer(Throwable failure) {
        Throwable cause = failure instanceof WebClientRequestException ? failure.getCause() : failure;
        return cause instanceof ReadTimeoutException || cause instanceof TimeoutException
                || cause instanceof PrematureCloseException;
    }
}
