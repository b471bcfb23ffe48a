package org.newsroom.gateway.instances;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/** Each service's load balancer (a child context per service) sees only ready instances. */
class ReadyInstancesConfiguration {

    @Bean
    ServiceInstanceListSupplier readyInstanceListSupplier(ConfigurableApplicationContext context,
            ObjectProvider<InstanceReadiness> readiness) {
        ServiceInstanceListSupplier discovered = ServiceInstanceListSupplier.builder().withDiscoveryClient()
                .build(context);
        InstanceReadiness polling = readiness.getIfAvailable();
        return polling == null ? discovered : new ReadyInstances(discovered, polling);
    }
}
