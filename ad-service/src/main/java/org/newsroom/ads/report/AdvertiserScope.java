package org.newsroom.ads.report;

import static org.newsroom.platform.security.SuiteRoles.ADVERTISER_CLAIM;

import org.newsroom.platform.web.ForbiddenException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Whose delivery a caller may read: ad operations any advertiser's (or all), an advertiser only its own, bound to
 * the {@code advertiser_id} of its token. Asking for another advertiser's id is refused, not silently rewritten,
 * so a guessed id learns nothing but "forbidden".
 */
final class AdvertiserScope {

    private AdvertiserScope() {
    }

    /** @return the advertiser id to restrict the report to, or null for every advertiser */
    static String resolve(Authentication caller, String requested) {
        if (caller == null) {
            throw new ForbiddenException("Reports need a signed-in caller.");
        }
        if (caller.getAuthorities().stream().anyMatch(role -> role.getAuthority().equals("ROLE_AD_OPS"))) {
            return requested == null || requested.isBlank() ? null : requested;
        }
        String own = caller instanceof JwtAuthenticationToken jwt ? jwt.getToken().getClaimAsString(ADVERTISER_CLAIM)
                : null;
        if (own == null || own.isBlank()) {
            throw new ForbiddenException("Your token names no advertiser.");
        }
        if (requested != null && !requested.isBlank() && !requested.equals(own)) {
            throw new ForbiddenException("You may read only your own advertiser's reports.");
        }
        return own;
    }
}
