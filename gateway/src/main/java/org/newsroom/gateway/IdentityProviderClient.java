package org.newsroom.gateway;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.ReadTimeoutException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.JwkSetUriReactiveJwtDecoderBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.resources.ConnectionProvider;
import reactor.util.retry.Retry;

/**
 * How the gateway fetches the identity provider's discovery document and signing keys (JWK set). Spring Security's
 * reactive decoder would use a client with no time limit and a connection pool shared with everything else: a
 * provider connection that stops answering (a load balancer dropping it silently) would hold every bearer-token
 * request until the caller gave up. Here each fetch has a time limit and is tried once more on a fresh connection
 * (then the request gets a 503 problem), and idle connections are dropped before the provider or a proxy in between
 * closes them.
 */
@Configuration
class IdentityProviderClient {

    @Bean
    JwkSetUriReactiveJwtDecoderBuilderCustomizer identityProviderWebClient(
            @Value("${gateway.identity-provider.connect-timeout:2s}") Duration connectTimeout,
            @Value("${gateway.identity-provider.response-timeout:3s}") Duration responseTimeout,
            @Value("${gateway.identity-provider.max-idle-time:20s}") Duration maxIdleTime) {
        ConnectionProvider connections = ConnectionProvider.builder("identity-provider").maxConnections(8)
                .maxIdleTime(maxIdleTime).evictInBackground(maxIdleTime).build();
        HttpClient http = HttpClient.create(connections)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(connectTimeout.toMillis()))
                .responseTimeout(responseTimeout);
        WebClient client = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http))
                // Only GETs go to the provider: safe to send again when the first attempt got no answer. After the
                // second, a TimeoutException: the error handler answers it as a 503, like any unreachable service.
                .filter((request, next) -> next.exchange(request)
                        .retryWhen(Retry.max(1).filter(IdentityProviderClient::gotNoAnswer)
                                .onRetryExhaustedThrow((retry, signal) -> signal.failure()))
                        .onErrorMap(IdentityProviderClient::gotNoAnswer, failure -> noAnswer(responseTimeout, failure)))
                .build();
        return builder -> builder.webClient(client);
    }

    private static TimeoutException noAnswer(Duration responseTimeout, Throwable failure) {
        TimeoutException timeout = new TimeoutException(
                "The identity provider did not answer twice within " + responseTimeout.toMillis() + " ms");
        timeout.initCause(failure);
        return timeout;
    }

    private static boolean gotNoAnswer(Throwable failure) {
        Throwable cause = failure instanceof WebClientRequestException ? failure.getCause() : failure;
        return cause instanceof ReadTimeoutException || cause instanceof TimeoutException
                || cause instanceof PrematureCloseException;
    }
}
