package org.newsroom.gateway.instances;

import java.util.List;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import reactor.core.publisher.Flux;

/**
 * A service's instances without those failing their readiness check. When none is ready, all are offered (as
 * proxies do past a "panic threshold"): trying is better than refusing every request, and the circuit breaker and
 * fallbacks answer for them.
 */
class ReadyInstances extends DelegatingServiceInstanceListSupplier {

    private final InstanceReadiness readiness;

    ReadyInstances(ServiceInstanceListSupplier delegate, InstanceReadiness readiness) {
        super(delegate);
        this.readiness = readiness;
    }

    @Override
    public Flux<List<ServiceInstance>> get() {
        return delegate.get().map(instances -> {
            List<ServiceInstance> ready = instances.stream().filter(readiness::isReady).toList();
            return ready.isEmpty() ? instances : ready;
        });
    }
}
