package org.newsroom.platform.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;

/**
 * How every service of the suite checks its callers: an OAuth 2.0 resource server verifying bearer JWTs (roles from
 * the {@code roles} claim), problem details for 401 and 403, no session, no cookie and therefore no CSRF surface.
 * Each service adds only its own authorization rules.
 */
public final class BearerTokenApi {

    private BearerTokenApi() {
    }

    public static HttpSecurity configure(HttpSecurity http) throws Exception {
        return http
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(SuiteRoles.fromAccessToken()))
                        .authenticationEntryPoint(ProblemDetailsSecurityHandlers.unauthenticated())
                        .accessDeniedHandler(ProblemDetailsSecurityHandlers.forbidden()))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(ProblemDetailsSecurityHandlers.unauthenticated())
                        .accessDeniedHandler(ProblemDetailsSecurityHandlers.forbidden()))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable());
    }
}
