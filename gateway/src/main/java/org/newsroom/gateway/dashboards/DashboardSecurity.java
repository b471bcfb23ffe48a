package org.newsroom.gateway.dashboards;

import static org.newsroom.platform.security.SuiteRoles.ADVERTISER;
import static org.newsroom.platform.security.SuiteRoles.AD_OPS;
import static org.newsroom.platform.security.SuiteRoles.FINANCE;
import static org.newsroom.platform.security.SuiteRoles.FINANCE_ADMIN;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.newsroom.gateway.EdgeProblems;
import org.newsroom.gateway.IdentityProviderClient;
import org.newsroom.platform.security.SuiteRoles;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.client.endpoint.AbstractWebClientReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.OAuth2RefreshTokenGrantRequest;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveRefreshTokenTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenValidator;
import org.springframework.security.oauth2.client.oidc.authentication.ReactiveOidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.oidc.web.server.logout.OidcClientInitiatedServerLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.server.DefaultServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.server.WebSessionServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.converter.ClaimTypeConverter;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoderFactory;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint.DelegateEntry;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.util.matcher.PathPatternParserServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * Staff sign in to the dashboards at the gateway (OpenID Connect authorization code flow with PKCE). The session
 * (kept in the shared Redis) holds their tokens; the dashboards call the services through {@code /dashboards/api/**},
 * where the gateway relays the person's access token and each service checks it again. Pages and their API calls
 * follow the same role rules as the bearer-token APIs. Being cookie-authenticated, changes (refunds, pausing a
 * campaign) need the CSRF token the pages read from the {@code XSRF-TOKEN} cookie.
 */
@Configuration
@EnableConfigurationProperties(DashboardLoginProperties.class)
class DashboardSecurity {

    static final String API = "/dashboards/api/**";

    @Bean
    ReactiveClientRegistrationRepository dashboardClientRegistrations(DashboardLoginProperties properties) {
        return new DashboardClientRegistrations(properties);
    }

    /** Tokens live in the person's session, so every gateway instance can relay them. */
    @Bean
    ServerOAuth2AuthorizedClientRepository dashboardAuthorizedClients() {
        return new WebSessionServerOAuth2AuthorizedClientRepository();
    }

    @Bean
    @Order(1)
    SecurityWebFilterChain dashboardSecurityFilterChain(ServerHttpSecurity http,
            ReactiveClientRegistrationRepository registrations) {
        DefaultServerOAuth2AuthorizationRequestResolver authorizationRequests =
                new DefaultServerOAuth2AuthorizationRequestResolver(registrations);
        authorizationRequests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());

        OidcClientInitiatedServerLogoutSuccessHandler signedOut =
                new OidcClientInitiatedServerLogoutSuccessHandler(registrations);
        signedOut.setPostLogoutRedirectUri("{baseUrl}/dashboards/signed-out");
        signedOut.setLogoutSuccessUrl(URI.create("/dashboards/signed-out"));

        CookieServerCsrfTokenRepository csrfCookie = CookieServerCsrfTokenRepository.withHttpOnlyFalse();
        csrfCookie.setCookiePath("/dashboards");

        return http
                .securityMatcher(ServerWebExchangeMatchers.pathMatchers("/dashboards", "/dashboards/**",
                        "/oauth2/authorization/**", "/login/oauth2/code/**"))
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers("/dashboards/assets/**", "/dashboards/signed-out").permitAll()
                        .pathMatchers(HttpMethod.POST, "/dashboards/api/donations/finance/refunds")
                        .hasRole(FINANCE_ADMIN)
                        .pathMatchers("/dashboards/api/donations/finance/**", "/dashboards/finance", "/dashboards/finance/**")
                        .hasAnyRole(FINANCE, FINANCE_ADMIN)
                        .pathMatchers("/dashboards/api/ads/reports", "/dashboards/api/ads/reports/**",
                                "/dashboards/reports", "/dashboards/reports/**")
                        .hasAnyRole(AD_OPS, ADVERTISER)
                        .pathMatchers("/dashboards/api/ads/admin/**", "/dashboards/ad-ops", "/dashboards/ad-ops/**")
                        .hasRole(AD_OPS)
                        // Only what a dashboard needs is relayed with a person's token.
                        .pathMatchers(API).denyAll()
                        .anyExchange().authenticated())
                .oauth2Login(login -> login.authorizationRequestResolver(authorizationRequests)
                        .authenticationFailureHandler(signInFailed()))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(new DelegatingServerAuthenticationEntryPoint(List.of(
                                // A dashboard's background call whose session ended gets a problem, not a login page.
                                new DelegateEntry(new PathPatternParserServerWebExchangeMatcher(API),
                                        EdgeProblems.unauthorized("Your session has ended: please sign in again.")),
                                new DelegateEntry(ServerWebExchangeMatchers.anyExchange(),
                                        new RedirectServerAuthenticationEntryPoint("/oauth2/authorization/"
                                                + DashboardLoginProperties.REGISTRATION_ID)))))
                        .accessDeniedHandler(EdgeProblems.forbidden()))
                .logout(logout -> logout.logoutUrl("/dashboards/sign-out").logoutSuccessHandler(signedOut))
                .csrf(csrf -> csrf.csrfTokenRepository(csrfCookie)
                        // The pages send the cookie's value back as a header, so no per-request masking.
                        .csrfTokenRequestHandler(new ServerCsrfTokenRequestAttributeHandler()))
                .addFilterAfter(issueCsrfCookie(), SecurityWebFiltersOrder.CSRF)
                .headers(ServerHttpSecurity.HeaderSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .build();
    }

    /** The sign-in's exchange of the authorization code for tokens, within the identity provider's time limit. */
    @Bean
    ReactiveOAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> dashboardCodeExchange(
            IdentityProviderClient provider) {
        return throughTokenRequests(new WebClientReactiveAuthorizationCodeTokenResponseClient(), provider);
    }

    /** Refreshing an expired access token before it is relayed, within the identity provider's time limit. */
    @Bean
    ReactiveOAuth2AccessTokenResponseClient<OAuth2RefreshTokenGrantRequest> dashboardTokenRefresh(
            IdentityProviderClient provider) {
        return throughTokenRequests(new WebClientReactiveRefreshTokenTokenResponseClient(), provider);
    }

    private static <C extends AbstractWebClientReactiveOAuth2AccessTokenResponseClient<?>> C throughTokenRequests(
            C tokenClient, IdentityProviderClient provider) {
        tokenClient.setWebClient(provider.tokenRequests());
        return tokenClient;
    }

    /**
     * Decodes the ID token as Spring Security's own factory does (RS256 signature, expiry, issuer, audience; the
     * nonce is checked after), with the provider's keys fetched within the time limit. One decoder for the
     * registration discovery found.
     */
    @Bean
    ReactiveJwtDecoderFactory<ClientRegistration> dashboardIdTokenDecoders(IdentityProviderClient provider) {
        AtomicReference<IdTokenDecoder> current = new AtomicReference<>();
        return registration -> current.updateAndGet(decoder -> decoder != null && decoder.registration() == registration
                ? decoder : new IdTokenDecoder(registration, idTokenDecoder(registration, provider))).decoder();
    }

    private record IdTokenDecoder(ClientRegistration registration, ReactiveJwtDecoder decoder) {
    }

    private static ReactiveJwtDecoder idTokenDecoder(ClientRegistration registration, IdentityProviderClient provider) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder
                .withJwkSetUri(registration.getProviderDetails().getJwkSetUri())
                .jwsAlgorithm(SignatureAlgorithm.RS256).webClient(provider.reads()).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
                new OidcIdTokenValidator(registration)));
        decoder.setClaimSetConverter(
                new ClaimTypeConverter(ReactiveOidcIdTokenDecoderFactory.createDefaultClaimTypeConverters()));
        return decoder;
    }

    /**
     * A sign-in the provider refused, or a callback that matches no sign-in begun here (replayed, or from another
     * browser), ends in a problem detail: there is no login page to send the person to. A provider that did not
     * answer is not a refusal: that error reaches the error handler, which answers 503.
     */
    private static ServerAuthenticationFailureHandler signInFailed() {
        return (filterExchange, failure) -> EdgeProblems.write(filterExchange.getExchange().getResponse(),
                HttpStatus.UNAUTHORIZED, "Sign-in could not be completed: please sign in again.");
    }

    /** The suite's roles, as the provider states them in the ID token, become the person's authorities. */
    @Bean
    GrantedAuthoritiesMapper suiteRolesFromIdToken() {
        return authorities -> {
            Set<GrantedAuthority> mapped = new HashSet<>(authorities);
            for (GrantedAuthority authority : authorities) {
                if (authority instanceof OidcUserAuthority oidc) {
                    mapped.addAll(SuiteRoles.authorities(oidc.getIdToken().getClaims()));
                }
            }
            return mapped;
        };
    }

    /** The CSRF cookie is written only once something asks for the token: ask on every dashboard request. */
    private static WebFilter issueCsrfCookie() {
        return (exchange, chain) -> {
            Mono<CsrfToken> token = exchange.getAttributeOrDefault(CsrfToken.class.getName(), Mono.empty());
            return token.then(chain.filter(exchange));
        };
    }
}
