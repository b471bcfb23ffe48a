package org.newsroom.ads;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.time.Clock;

/** Ad inventory, decisioning, tracking and advertisers' reports. */
@SpringBootApplication
@EnableScheduling
public class AdServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(AdServiceApplication.class, args);
    }

    /** The one clock: flight dates, pacing, token expiry and audit times all read it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    OpenAPI adServiceOpenApi() {
        return new OpenAPI().info(new Info()
                .title("Ad service API")
                .description("Ad inventory management, one-request decisions for every slot of a page, "
                        + "tracking beacons and advertisers' reports.")
                .version("v1"));
    }
}
