package org.newsroom.ads;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** Ad inventory, decisioning, tracking and advertisers' reports. */
@SpringBootApplication
public class AdServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(AdServiceApplication.class, args);
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
