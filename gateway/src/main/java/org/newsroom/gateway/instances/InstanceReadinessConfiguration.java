package org.newsroom.gateway.instances;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

@Configuration
@LoadBalancerClients(defaultConfiguration = ReadyInstancesConfiguration.class)
class InstanceReadinessConfiguration {

    @Bean
    @ConditionalOnBooleanProperty(name = "gateway.instance-readiness.enabled", matchIfMissing = true)
    InstanceReadiness instanceReadiness(ReactiveDiscoveryClient discovery,
            @Value("${gateway.instance-readiness.interval:5s}") Duration interval,
            @Value("${gateway.instance-readiness.timeout:1s}") Duration timeout,
            @Value("${gateway.instance-readiness.path:/actuator/health/readiness}") String path, MeterRegistry meters) {
        return new InstanceReadiness(discovery, WebClient.builder(), interval, timeout, path, meters);
    }
}
