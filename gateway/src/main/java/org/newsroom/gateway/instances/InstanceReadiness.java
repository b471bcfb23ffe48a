package org.newsroom.gateway.instances;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Polls every instance's readiness ({@code /actuator/health/readiness}) and remembers the answer, so the load balancer
 * sends nothing to an instance that is starting, draining or has lost its database. An instance not yet polled counts
 * as ready; one that does not answer within the timeout counts as not ready. Changes are logged once.
 */
public class InstanceReadiness implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InstanceReadiness.class);

    private final ReactiveDiscoveryClient discovery;
    private final WebClient http;
    private final Duration interval;
    private final Duration timeout;
    private final String path;
    private final Map<URI, Boolean> ready = new ConcurrentHashMap<>();
    private volatile Disposable polling;

    public InstanceReadiness(ReactiveDiscoveryClient discovery, WebClient.Builder http, Duration interval,
            Duration timeout, String path, MeterRegistry meters) {
        this.discovery = discovery;
        this.http = http.build();
        this.interval = interval;
        this.timeout = timeout;
        this.path = path;
        Gauge.builder("gateway.instances.not.ready", ready, states -> states.values().stream().filter(up -> !up).count())
                .description("Service instances currently failing their readiness check").register(meters);
    }

    public boolean isReady(ServiceInstance instance) {
        return ready.getOrDefault(instance.getUri(), true);
    }

    /** One round: every instance of every service, in parallel. */
    Mono<Void> pollOnce() {
        return discovery.getServices().flatMap(discovery::getInstances).flatMap(this::check).then();
    }

    private Mono<Void> check(ServiceInstance instance) {
        URI uri = instance.getUri();
        return http.get().uri(uri.resolve(path)).exchangeToMono(response -> response.releaseBody()
                        .thenReturn(response.statusCode().is2xxSuccessful()))
                .timeout(timeout)
                .onErrorReturn(false)
                .doOnNext(up -> {
                    Boolean before = ready.put(uri, up);
                    if (before == null ? !up : before != up) {
                        log.warn("{} instance {} is {}", instance.getServiceId(), uri, up ? "ready again" : "not ready");
                    }
                }).then();
    }

    @Override
    public void start() {
        // A round slower than the interval (an instance answering only at the timeout) skips ticks rather than
        // ending the polling: Flux.interval fails on a tick nobody requested, and a dead poller would keep the
        // last answers forever.
        polling = Flux.interval(Duration.ZERO, interval)
                .onBackpressureDrop()
                .concatMap(round -> pollOnce().onErrorResume(error -> {
                    log.warn("Readiness round failed: {}", error.toString());
                    return Mono.empty();
                }), 0)
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable current = polling;
        if (current != null) {
            current.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        Disposable current = polling;
        return current != null && !current.isDisposed();
    }
}
