package org.newsroom.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets the services need, generated for this machine on first start and kept in the data directory,
 * so nothing secret is committed and tokens issued before a restart stay valid after it.
 */
public final class LocalSecrets {

    private LocalSecrets() {
    }

    /** The ad-service's token signing keys, in its {@code AD_TOKEN_KEYS} format. */
    static String adTokenKeys(Path dataDir) throws IOException {
        return "local=" + secret(dataDir.resolve("secrets").resolve("ad-token-key"));
    }

    /** The Stripe emulator's API key, as donation-service's {@code STRIPE_SECRET_KEY}. */
    public static String stripeSecretKey(Path dataDir) throws IOException {
        return "sk_test_local_" + secret(dataDir.resolve("secrets").resolve("stripe-api-key"));
    }

    /** The secret the emulator signs webhooks with, as donation-service's {@code STRIPE_WEBHOOK_SECRETS}. */
    static String stripeWebhookSecret(Path dataDir) throws IOException {
        return "whsec_" + secret(dataDir.resolve("secrets").resolve("stripe-webhook-secret"));
    }

    /** The secret of an OAuth client of the development identity provider. */
    static String oauthClientSecret(Path dataDir, String clientId) throws IOException {
        return secret(dataDir.resolve("secrets").resolve("oauth-client-" + clientId));
    }

    private static String secret(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        Files.createDirectories(file.getParent());
        byte[] random = new byte[48];
        new SecureRandom().nextBytes(random);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.writeString(file, value);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the data directory's own permissions apply.
        }
        return value;
    }
}
