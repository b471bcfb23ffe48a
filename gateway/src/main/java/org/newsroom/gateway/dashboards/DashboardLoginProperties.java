package org.newsroom.gateway.dashboards;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The gateway's OAuth client at the OIDC provider, used to sign staff in to the dashboards.
 *
 * @param issuerUri    the provider's issuer; its discovery document names every other endpoint
 * @param clientId     the confidential client registered for the gateway
 * @param clientSecret that client's secret (environment only; without it nobody can sign in)
 */
@ConfigurationProperties("gateway.dashboards")
public record DashboardLoginProperties(String issuerUri, String clientId, String clientSecret) {

    /** The registration id, which is also the last segment of the redirect URI registered at the provider. */
    public static final String REGISTRATION_ID = "newsroom";

    public boolean configured() {
        return issuerUri != null && !issuerUri.isBlank() && clientId != null && !clientId.isBlank()
                && clientSecret != null && !clientSecret.isBlank();
    }
}
