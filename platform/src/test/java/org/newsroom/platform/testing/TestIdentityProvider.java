package org.newsroom.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A stand-in OIDC provider for tests: an RSA key whose public half is served as a JWK set over HTTP, and signed
 * access tokens carrying the suite's roles. Services verify these exactly as they verify a real provider's tokens
 * (signature against the JWK set, issuer, expiry), so a test proves the real checks, not a mock.
 */
public final class TestIdentityProvider implements AutoCloseable {

    public static final String ISSUER = "https://identity.test.newsroom";

    private final RSAKey key;
    private final HttpServer server;
    private final ExecutorService exchanges = Executors.newVirtualThreadPerTaskExecutor();

    public TestIdentityProvider() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            var pair = generator.generateKeyPair();
            key = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID(UUID.randomUUID().toString()).build();
            byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                exchange.getResponseBody().write(jwks);
                exchange.close();
            });
            // Without an executor the JDK server reads requests on its one dispatcher thread: one connection that
            // stops halfway through its request stalls every other client (checked: a 3 s timeout, 35 ms with
            // this executor). No real provider behaves like that.
            server.setExecutor(exchanges);
            server.start();
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Points a service's resource server at this provider. */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", this::jwkSetUri);
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> ISSUER);
    }

    public String jwkSetUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    }

    /** An access token for {@code subject} with the given roles, valid for five minutes. */
    public String token(String subject, List<String> roles) {
        return token(subject, Map.of("roles", roles));
    }

    public String token(String subject, Map<String, Object> claims) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer(ISSUER).subject(subject)
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300)));
        claims.forEach(builder::claim);
        return sign(builder.build());
    }

    /** A token signed by a key the services do not trust: must be refused like no token at all. */
    public static String forgedToken(String subject, List<String> roles) {
        try (TestIdentityProvider stranger = new TestIdentityProvider()) {
            return stranger.token(subject, roles);
        }
    }

    /** The public half of the signing key, as a JWK set document. */
    public String publicJwkSet() {
        return new JWKSet(key.toPublicJWK()).toString();
    }

    /** Signs any claims with this provider's key (RS256): for stand-ins that issue tokens of their own shape. */
    public String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    @Override
    public void close() {
        server.stop(0);
        exchanges.shutdownNow();
    }
}
