package org.newsroom.gateway.instances;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.client.discovery.simple.InstanceProperties;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryProperties;
import org.springframework.cloud.client.discovery.simple.reactive.SimpleReactiveDiscoveryProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Where each service runs: {@code AD_SERVICE_URL} and {@code DONATION_SERVICE_URL} each name one instance or several,
 * comma-separated. Routes address them as {@code lb://ad-service} and {@code lb://donation-service}; Spring Cloud
 * LoadBalancer spreads requests round-robin, and a request that cannot connect to one instance is sent to the next.
 */
@Configuration
class ServiceInstances {

    static final String AD_SERVICE = "ad-service";
    static final String DONATION_SERVICE = "donation-service";

    /** Both discovery clients (the gateway's reactive one and the blocking one) see the same instances. */
    ServiceInstances(ObjectProvider<SimpleReactiveDiscoveryProperties> reactive,
            ObjectProvider<SimpleDiscoveryProperties> blocking,
            @Value("${AD_SERVICE_URL:http://localhost:8081}") List<String> adService,
            @Value("${DONATION_SERVICE_URL:http://localhost:8082}") List<String> donationService) {
        Map<String, List<InstanceProperties>> instances = Map.of(AD_SERVICE, instances(AD_SERVICE, adService),
                DONATION_SERVICE, instances(DONATION_SERVICE, donationService));
        reactive.ifAvailable(discovery -> discovery.setInstances(new HashMap<>(instances)));
        blocking.ifAvailable(discovery -> discovery.setInstances(new HashMap<>(instances)));
    }

    private static List<InstanceProperties> instances(String serviceId, List<String> urls) {
        List<InstanceProperties> instances = new ArrayList<>();
        for (String url : urls) {
            InstanceProperties instance = new InstanceProperties();
            instance.setInstanceId(serviceId + "-" + instances.size());
            instance.setServiceId(serviceId);
            instance.setUri(URI.create(url.trim()));
            instances.add(instance);
        }
        return instances;
    }
}
