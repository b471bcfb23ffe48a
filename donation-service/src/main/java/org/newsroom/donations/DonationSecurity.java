package org.newsroom.donations;

import static org.newsroom.platform.security.SuiteRoles.FINANCE;
import static org.newsroom.platform.security.SuiteRoles.FINANCE_ADMIN;

import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.newsroom.platform.security.BearerTokenApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * donation-service checks the caller itself (defence in depth: a request that bypasses the gateway still needs a
 * valid token with the right role). Finance reads need FINANCE or FINANCE_ADMIN, refunds FINANCE_ADMIN. Readers'
 * endpoints (checkouts, ticker) and Stripe's webhooks (signature-checked instead) are public. No sessions, no
 * cookies: bearer tokens only, so CSRF protection has nothing to protect.
 */
@Configuration
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
class DonationSecurity {

    @Bean
    SecurityFilterChain donationSecurityFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.POST, "/api/donations/finance/refunds").hasRole(FINANCE_ADMIN)
                        .requestMatchers("/api/donations/finance/**").hasAnyRole(FINANCE, FINANCE_ADMIN)
                        .anyRequest().permitAll());
        BearerTokenApi.configure(http);
        return http.build();
    }
}
