package org.newsroom.gateway;

import static org.newsroom.platform.security.SuiteRoles.ADVERTISER;
import static org.newsroom.platform.security.SuiteRoles.AD_OPS;
import static org.newsroom.platform.security.SuiteRoles.FINANCE;
import static org.newsroom.platform.security.SuiteRoles.FINANCE_ADMIN;

import org.newsroom.platform.security.SuiteRoles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * The gateway checks bearer tokens at the edge for the routes that need them, with the same rules as the services
 * (which check again themselves): management needs AD_OPS, reports AD_OPS or ADVERTISER, finance FINANCE or
 * FINANCE_ADMIN and refunds FINANCE_ADMIN. Everything a publisher's page or Stripe calls stays open. A request that
 * fails here never reaches a service. Headers are the gateway's own (SecurityHeadersFilter), so Spring Security's
 * defaults (which would forbid caching the public ticker) are off. Dashboards have their own chain
 * ({@code dashboards.DashboardSecurity}): a signed-in session whose tokens the gateway relays.
 */
@Configuration
@EnableWebFluxSecurity
class EdgeSecurity {

    private static final String BEARER_REQUIRED = "A valid bearer access token is required.";

    @Bean
    @Order(2)
    SecurityWebFilterChain edgeSecurityFilterChain(ServerHttpSecurity http) {
        return http
                // Only the protected APIs go through this chain: what publishers' pages and Stripe call (decisions,
                // beacons, checkouts, webhooks, ticker, widgets) does not pay for Spring Security at all.
                .securityMatcher(ServerWebExchangeMatchers.pathMatchers("/api/ads/admin/**", "/api/ads/reports",
                        "/api/ads/reports/**", "/api/donations/finance/**"))
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers("/api/ads/admin/**").hasRole(AD_OPS)
                        .pathMatchers("/api/ads/reports", "/api/ads/reports/**").hasAnyRole(AD_OPS, ADVERTISER)
                        .pathMatchers(HttpMethod.POST, "/api/donations/finance/refunds").hasRole(FINANCE_ADMIN)
                        .pathMatchers("/api/donations/finance/**").hasAnyRole(FINANCE, FINANCE_ADMIN)
                        .anyExchange().denyAll())
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(
                                new ReactiveJwtAuthenticationConverterAdapter(SuiteRoles.fromAccessToken())))
                        .authenticationEntryPoint(EdgeProblems.unauthorized(BEARER_REQUIRED))
                        .accessDeniedHandler(EdgeProblems.forbidden()))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(EdgeProblems.unauthorized(BEARER_REQUIRED))
                        .accessDeniedHandler(EdgeProblems.forbidden()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .headers(ServerHttpSecurity.HeaderSpec::disable)
                .build();
    }
}
