package org.newsroom.platform.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * Spring Security observes every filter of its chain and every authorization decision by default: with tracing on,
 * about a dozen observations per request, public ones included (an ad decision, a beacon). Token checks stay
 * observed; the per-request chain and authorization observations do not (docs/performance.md).
 */
@AutoConfiguration
@ConditionalOnClass(SecurityObservationSettings.class)
public class SecurityPlatformAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SecurityObservationSettings suiteSecurityObservations() {
        return SecurityObservationSettings.withDefaults().shouldObserveRequests(false)
                .shouldObserveAuthorizations(false).shouldObserveAuthentications(true).build();
    }
}
