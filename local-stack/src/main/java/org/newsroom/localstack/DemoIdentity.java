package org.newsroom.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Who can sign in to the local stack's development identity provider: one demo person per role (passwords are
 * demo values, fine on a developer's machine only) and the OAuth clients, whose secrets are generated per machine.
 * Written as the provider's directory file at start-up.
 */
public final class DemoIdentity {

    /** A person of the demo newsroom: sign in with username and password. */
    public record Person(String username, String password, List<String> roles, String advertiserId) {
    }

    public static final Person FINANCE = new Person("finance", "finance-demo", List.of("FINANCE"), null);
    public static final Person FINANCE_ADMIN = new Person("finance-admin", "finance-admin-demo",
            List.of("FINANCE", "FINANCE_ADMIN"), null);
    public static final Person AD_OPS = new Person("adops", "adops-demo", List.of("AD_OPS"), null);
    public static final Person ADVERTISER = new Person("meridian", "meridian-demo", List.of("ADVERTISER"),
            "adv_demo_meridian");
    public static final List<Person> PEOPLE = List.of(FINANCE, FINANCE_ADMIN, AD_OPS, ADVERTISER);

    /** The gateway's dashboard login (authorization code with PKCE). */
    public static final String DASHBOARDS_CLIENT = "newsroom-dashboards";
    /** An advertiser's own program reading its reports (client credentials). */
    public static final String ADVERTISER_REPORTS_CLIENT = "meridian-reports";
    /** Finance's scheduled exports (client credentials, read-only FINANCE role). */
    public static final String FINANCE_EXPORTS_CLIENT = "finance-exports";
    /** Ad operations' scripts managing inventory through the API (client credentials, AD_OPS). */
    public static final String AD_OPS_AUTOMATION_CLIENT = "ad-ops-automation";

    private DemoIdentity() {
    }

    public static String clientSecret(Path dataDir, String clientId) throws IOException {
        return LocalSecrets.oauthClientSecret(dataDir, clientId);
    }

    /** Writes the provider's directory (users and clients) and returns the file. */
    static Path writeDirectory(StackSettings settings) throws IOException {
        Path dataDir = settings.dataDir();
        StringBuilder yaml = new StringBuilder("# Written by the local stack at each start; demo values only.\nidentity:\n  users:\n");
        for (Person person : PEOPLE) {
            yaml.append("    - username: ").append(person.username()).append('\n')
                    .append("      password: ").append(person.password()).append('\n')
                    .append("      roles: [").append(String.join(", ", person.roles())).append("]\n");
            if (person.advertiserId() != null) {
                yaml.append("      advertiser-id: ").append(person.advertiserId()).append('\n');
            }
        }
        yaml.append("  clients:\n")
                .append("    - client-id: ").append(DASHBOARDS_CLIENT).append('\n')
                .append("      secret: ").append(clientSecret(dataDir, DASHBOARDS_CLIENT)).append('\n')
                .append("      grant-types: [authorization_code, refresh_token]\n")
                .append("      redirect-uris: [").append(settings.gatewayUrl()).append("/login/oauth2/code/newsroom]\n")
                .append("      post-logout-redirect-uris: [").append(settings.gatewayUrl()).append("/dashboards/signed-out]\n")
                .append("      scopes: [openid, profile]\n")
                .append("    - client-id: ").append(ADVERTISER_REPORTS_CLIENT).append('\n')
                .append("      secret: ").append(clientSecret(dataDir, ADVERTISER_REPORTS_CLIENT)).append('\n')
                .append("      grant-types: [client_credentials]\n")
                .append("      roles: [ADVERTISER]\n")
                .append("      advertiser-id: ").append(ADVERTISER.advertiserId()).append('\n')
                .append("    - client-id: ").append(FINANCE_EXPORTS_CLIENT).append('\n')
                .append("      secret: ").append(clientSecret(dataDir, FINANCE_EXPORTS_CLIENT)).append('\n')
                .append("      grant-types: [client_credentials]\n")
                .append("      roles: [FINANCE]\n")
                .append("    - client-id: ").append(AD_OPS_AUTOMATION_CLIENT).append('\n')
                .append("      secret: ").append(clientSecret(dataDir, AD_OPS_AUTOMATION_CLIENT)).append('\n')
                .append("      grant-types: [client_credentials]\n")
                .append("      roles: [AD_OPS]\n");
        Path file = dataDir.resolve("secrets").resolve("identity-directory.yml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml.toString());
        return file;
    }
}
