package org.newsroom.gateway.ratelimit;

import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class RateLimitConfiguration {

    /** Used by the routes' RequestRateLimiter filters as {@code #{@clientAddress}}. */
    @Bean
    ClientAddressResolver clientAddress(@Value("${gateway.trusted-proxies:}") List<String> trustedProxies) {
        return new ClientAddressResolver(trustedProxies);
    }
}
