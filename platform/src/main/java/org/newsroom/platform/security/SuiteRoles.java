package org.newsroom.platform.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The suite's roles as the identity provider states them in an access token: a {@value #ROLES_CLAIM} claim listing
 * role names ({@code FINANCE}, {@code AD_OPS}, ...), and for advertisers an {@value #ADVERTISER_CLAIM} claim binding
 * the caller to its advertiser. Any OIDC provider can issue these (Keycloak: a realm-role mapper to claim "roles" and
 * a user-attribute mapper to "advertiser_id").
 */
public final class SuiteRoles {

    public static final String ROLES_CLAIM = "roles";
    public static final String ADVERTISER_CLAIM = "advertiser_id";

    public static final String AD_OPS = "AD_OPS";
    public static final String ADVERTISER = "ADVERTISER";
    public static final String FINANCE = "FINANCE";
    public static final String FINANCE_ADMIN = "FINANCE_ADMIN";

    private SuiteRoles() {
    }

    /** Turns the token's roles into Spring authorities ({@code ROLE_FINANCE}, ...), the subject into the name. */
    public static Converter<Jwt, AbstractAuthenticationToken> fromAccessToken() {
        return jwt -> new JwtAuthenticationToken(jwt, authorities(jwt.getClaims()), jwt.getSubject());
    }

    /** The authorities a token's or ID token's claims grant: one {@code ROLE_x} per listed role. */
    public static Collection<GrantedAuthority> authorities(Map<String, Object> claims) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        Object roles = claims.get(ROLES_CLAIM);
        if (roles instanceof Collection<?> names) {
            for (Object name : names) {
                authorities.add(new SimpleGrantedAuthority("ROLE_" + name));
            }
        }
        return authorities;
    }
}
