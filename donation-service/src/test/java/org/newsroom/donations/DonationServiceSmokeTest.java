package org.newsroom.donations;

import org.newsroom.platform.testing.InMemoryMongo;
import org.newsroom.platform.testing.ServiceSmokeChecks;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class DonationServiceSmokeTest extends ServiceSmokeChecks {

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        InMemoryMongo.register(registry, "donations");
    }

    @Override
    protected String apiPrefix() {
        return "/api/donations";
    }

    @Override
    protected String openApiTitle() {
        return "Donation service API";
    }
}
