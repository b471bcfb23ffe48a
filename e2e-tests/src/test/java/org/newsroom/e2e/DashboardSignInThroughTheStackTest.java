package org.newsroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.newsroom.localstack.DemoIdentity;
import org.newsroom.localstack.LocalStack;

/**
 * Staff sign in to the dashboards at the gateway with the development identity provider's form, and the gateway
 * relays their own token to the services, which check the roles again.
 */
class DashboardSignInThroughTheStackTest {

    private static LocalStack stack;

    @BeforeAll
    static void startSuite() throws Exception {
        stack = SharedStack.get();
    }

    @Test
    void anAdvertiserSignedInAtTheGatewayReadsItsOwnReportsAndNothingElse() throws Exception {
        DevLogin.DashboardSession meridian = DevLogin.dashboardSession(stack, DemoIdentity.ADVERTISER);

        assertThat(meridian.get("/dashboards/me").body()).contains("\"name\":\"meridian\"",
                "\"advertiserId\":\"" + DemoIdentity.ADVERTISER.advertiserId() + "\"");
        HttpResponse<String> own = meridian.get("/dashboards/api/ads/reports?from=2026-01-01&to=2026-01-31&tz=UTC");
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        HttpResponse<String> other = meridian.get(
                "/dashboards/api/ads/reports?from=2026-01-01&to=2026-01-31&advertiserId=adv_someone_else");
        assertThat(other.statusCode()).as("the service itself refuses another advertiser's report").isEqualTo(403);
        assertThat(meridian.get("/dashboards/api/donations/finance/contributions").statusCode()).isEqualTo(403);
    }

    @Test
    void financeSignedInAtTheGatewayReadsTheLedger() throws Exception {
        DevLogin.DashboardSession finance = DevLogin.dashboardSession(stack, DemoIdentity.FINANCE);

        HttpResponse<String> page = finance.get("/dashboards/finance");
        assertThat(page.statusCode()).isEqualTo(200);
        HttpResponse<String> contributions = finance.get("/dashboards/api/donations/finance/contributions?limit=5");
        assertThat(contributions.statusCode()).as(contributions.body()).isEqualTo(200);
        assertThat(finance.get("/dashboards/api/ads/admin/campaigns").statusCode()).isEqualTo(403);
    }
}
