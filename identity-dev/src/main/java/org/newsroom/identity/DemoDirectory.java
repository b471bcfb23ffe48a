package org.newsroom.identity;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Who may sign in and which programs may ask for tokens, as the local stack writes them at start-up (a file under its
 * data directory, passwords and client secrets generated or demo values; nothing here has a default).
 *
 * @param users   people signing in to the dashboards, with the suite's roles
 * @param clients OAuth clients: the gateway's dashboard login, and machine clients using client credentials
 */
@Validated
@ConfigurationProperties("identity")
public record DemoDirectory(@Valid List<User> users, @Valid List<Client> clients) {

    public DemoDirectory {
        users = users == null ? List.of() : List.copyOf(users);
        clients = clients == null ? List.of() : List.copyOf(clients);
    }

    /** @param advertiserId for the ADVERTISER role: the advertiser whose reports this person may read */
    public record User(@NotBlank String username, @NotBlank String password, @NotEmpty List<String> roles,
            String advertiserId) {
    }

    /**
     * @param grantTypes   authorization_code (with refresh_token) for the gateway; client_credentials for machines
     * @param postLogoutRedirectUris where a person may be sent back after signing out (OIDC RP-initiated logout)
     * @param roles        for client_credentials: the roles the machine acts with
     * @param advertiserId for a machine acting for one advertiser
     */
    public record Client(@NotBlank String clientId, @NotBlank String secret, @NotEmpty List<String> grantTypes,
            List<String> redirectUris, List<String> postLogoutRedirectUris, List<String> scopes, List<String> roles,
            String advertiserId) {

        public Client {
            redirectUris = redirectUris == null ? List.of() : List.copyOf(redirectUris);
            postLogoutRedirectUris = postLogoutRedirectUris == null ? List.of() : List.copyOf(postLogoutRedirectUris);
            scopes = scopes == null ? List.of() : List.copyOf(scopes);
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }

    User user(String username) {
        return users.stream().filter(user -> user.username().equals(username)).findFirst().orElse(null);
    }

    Client client(String clientId) {
        return clients.stream().filter(client -> client.clientId().equals(clientId)).findFirst().orElse(null);
    }
}
