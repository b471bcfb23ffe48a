package org.newsroom.donations;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.time.Clock;

/** Reader contributions: Stripe checkouts, webhooks, the contributions ledger and the finance back office. */
@SpringBootApplication
@EnableScheduling
public class DonationServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(DonationServiceApplication.class, args);
    }

    /** The one clock of the ledger: created, paid and refunded times all read it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    OpenAPI donationServiceOpenApi() {
        return new OpenAPI().info(new Info()
                .title("Donation service API")
                .description("Stripe checkouts for one-off and recurring contributions, Stripe webhooks, "
                        + "the contributions ledger and the finance back office.")
                .version("v1"));
    }
}
