package org.newsroom.gateway.dashboards;

import java.util.List;

import org.newsroom.platform.security.SuiteRoles;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who is signed in, so a dashboard can greet them and show only the actions their roles allow. */
@RestController
class SignedInController {

    /** @param advertiserId set for an advertiser: the one advertiser whose reports they may read */
    record SignedIn(String name, List<String> roles, String advertiserId) {
    }

    @GetMapping("/dashboards/me")
    SignedIn me(@AuthenticationPrincipal OidcUser person) {
        String name = person.getPreferredUsername() != null ? person.getPreferredUsername() : person.getSubject();
        List<String> roles = person.getClaimAsStringList(SuiteRoles.ROLES_CLAIM);
        return new SignedIn(name, roles == null ? List.of() : roles,
                person.getClaimAsString(SuiteRoles.ADVERTISER_CLAIM));
    }
}
