package org.newsroom.ads;

import org.newsroom.platform.testing.InMemoryMongo;
import org.newsroom.platform.testing.ServiceSmokeChecks;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class AdServiceSmokeTest extends ServiceSmokeChecks {

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        InMemoryMongo.register(registry, "ads");
        AdApiClient.IDENTITY.register(registry);
    }

    @Override
    protected String apiPrefix() {
        return "/api/ads";
    }

    @Override
    protected String openApiTitle() {
        return "Ad service API";
    }
}
