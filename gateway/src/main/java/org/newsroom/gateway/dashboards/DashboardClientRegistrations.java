package org.newsroom.gateway.dashboards;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.newsroom.gateway.ReaderFacingUnavailable;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The dashboards' client registration, read from the provider's OIDC discovery document when first needed rather
 * than at start-up: the gateway must serve publishers' pages even while the identity provider is down. A failed
 * lookup is not remembered, so sign-in works again as soon as the provider is back.
 */
final class DashboardClientRegistrations implements ReactiveClientRegistrationRepository {

    private static final Logger log = LoggerFactory.getLogger(DashboardClientRegistrations.class);

    private final DashboardLoginProperties properties;
    private final Mono<ClientRegistration> registration;

    DashboardClientRegistrations(DashboardLoginProperties properties) {
        this.properties = properties;
        this.registration = Mono.fromCallable(this::discover)
                // Discovery is a blocking HTTP call in Spring Security's helper: keep it off the event loop.
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(error -> !(error instanceof ReaderFacingUnavailable), this::unavailable)
                .cache(found -> Duration.ofHours(12), error -> Duration.ZERO, () -> Duration.ZERO);
    }

    @Override
    public Mono<ClientRegistration> findByRegistrationId(String registrationId) {
        return DashboardLoginProperties.REGISTRATION_ID.equals(registrationId) ? registration : Mono.empty();
    }

    private ClientRegistration discover() {
        if (!properties.configured()) {
            throw new ReaderFacingUnavailable("Dashboard sign-in is not configured on this gateway.");
        }
        ClientRegistration found = ClientRegistrations.fromIssuerLocation(properties.issuerUri())
                .registrationId(DashboardLoginProperties.REGISTRATION_ID)
                .clientId(properties.clientId())
                .clientSecret(properties.clientSecret())
                .scope("openid", "profile")
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .build();
        log.info("Dashboard sign-in uses the OIDC provider {}", properties.issuerUri());
        return found;
    }

    private Throwable unavailable(Throwable cause) {
        log.warn("The OIDC provider {} cannot be reached for dashboard sign-in: {}", properties.issuerUri(),
                cause.toString());
        return new ReaderFacingUnavailable(
                "Sign-in is unavailable for a moment: the identity provider cannot be reached. Please try again.");
    }
}
