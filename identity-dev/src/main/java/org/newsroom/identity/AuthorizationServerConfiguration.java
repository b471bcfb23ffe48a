package org.newsroom.identity;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * Spring Authorization Server with OpenID Connect: the protocol endpoints (discovery, JWKS, authorize, token) in
 * one filter chain, the login form in another. Access and ID tokens carry the suite's {@code roles} claim and, for
 * advertisers, {@code advertiser_id}: exactly what a production provider is configured to add.
 */
@Configuration
class AuthorizationServerConfiguration {

    static final String ROLES = "roles";
    static final String ADVERTISER_ID = "advertiser_id";

    @Bean
    @Order(1)
    SecurityFilterChain protocolEndpoints(HttpSecurity http) throws Exception {
        OAuth2AuthorizationServerConfigurer server = new OAuth2AuthorizationServerConfigurer();
        http.securityMatcher(server.getEndpointsMatcher())
                .with(server, configurer -> configurer.oidc(Customizer.withDefaults()))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                // A browser sent to /oauth2/authorize without a session signs in first.
                .exceptionHandling(errors -> errors.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain signIn(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/error").permitAll()
                        .anyRequest().authenticated())
                .formLogin(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService users(DemoDirectory directory, PasswordEncoder encoder) {
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
        for (DemoDirectory.User user : directory.users()) {
            users.createUser(User.withUsername(user.username()).password(encoder.encode(user.password()))
                    .roles(user.roles().toArray(String[]::new)).build());
        }
        return users;
    }

    @Bean
    RegisteredClientRepository clients(DemoDirectory directory, PasswordEncoder encoder) {
        List<RegisteredClient> clients = directory.clients().stream().map(client -> {
            RegisteredClient.Builder builder = RegisteredClient.withId(UUID.randomUUID().toString())
                    .clientId(client.clientId())
                    .clientSecret(encoder.encode(client.secret()))
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                    .clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build())
                    .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(Duration.ofMinutes(15)).build());
            client.grantTypes().forEach(grant -> builder.authorizationGrantType(new AuthorizationGrantType(grant)));
            client.redirectUris().forEach(builder::redirectUri);
            client.postLogoutRedirectUris().forEach(builder::postLogoutRedirectUri);
            client.scopes().forEach(builder::scope);
            return builder.build();
        }).toList();
        return new InMemoryRegisteredClientRepository(clients);
    }

    /** Roles and the advertiser binding: from the signed-in person, or from the machine client itself. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> suiteClaims(DemoDirectory directory) {
        return context -> {
            boolean accessToken = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
            boolean idToken = "id_token".equals(context.getTokenType().getValue());
            if (!accessToken && !idToken) {
                return;
            }
            if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
                DemoDirectory.Client client = directory.client(context.getRegisteredClient().getClientId());
                if (client != null) {
                    context.getClaims().claim(ROLES, client.roles());
                    if (client.advertiserId() != null) {
                        context.getClaims().claim(ADVERTISER_ID, client.advertiserId());
                    }
                }
                return;
            }
            DemoDirectory.User user = directory.user(context.getPrincipal().getName());
            if (user != null) {
                context.getClaims().claim(ROLES, user.roles());
                context.getClaims().claim("preferred_username", user.username());
                if (user.advertiserId() != null) {
                    context.getClaims().claim(ADVERTISER_ID, user.advertiserId());
                }
            }
        };
    }
}
