package org.newsroom.ads;

import static org.newsroom.platform.security.SuiteRoles.ADVERTISER;
import static org.newsroom.platform.security.SuiteRoles.AD_OPS;

import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.newsroom.platform.security.BearerTokenApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * ad-service checks the caller itself (defence in depth behind the gateway): inventory management needs AD_OPS,
 * reports AD_OPS or ADVERTISER (an advertiser only its own, see {@code report.AdvertiserScope}). Pages' endpoints
 * (decisions, beacons, creatives' assets) are public. Bearer tokens only: no session, no cookie, no CSRF surface.
 */
@Configuration
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
class AdSecurity {

    /**
     * What every page calls, thousands of times a second: the decisions and the beacons. They carry no credentials
     * and need none, so their chain keeps only the response headers; the bearer-token chain below (token parsing,
     * security context, anonymous user, authorization) cost about a tenth of a beacon's CPU for nothing.
     */
    @Bean
    @Order(1)
    SecurityFilterChain pageEndpointsFilterChain(HttpSecurity http) throws Exception {
        return http.securityMatcher("/api/ads/decisions", "/api/ads/i", "/api/ads/v", "/api/ads/c")
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .securityContext(context -> context.disable())
                .sessionManagement(sessions -> sessions.disable())
                .anonymous(anonymous -> anonymous.disable())
                .logout(logout -> logout.disable())
                .exceptionHandling(errors -> errors.disable())
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain adSecurityFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/api/ads/admin/**").hasRole(AD_OPS)
                        .requestMatchers("/api/ads/reports", "/api/ads/reports/**").hasAnyRole(AD_OPS, ADVERTISER)
                        .anyRequest().permitAll());
        BearerTokenApi.configure(http);
        return http.build();
    }
}
