package org.newsroom.platform.mongo;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.mongodb.autoconfigure.health.MongoHealthContributorAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;

@AutoConfiguration(after = DataMongoAutoConfiguration.class, before = MongoHealthContributorAutoConfiguration.class)
@ConditionalOnClass(MongoTemplate.class)
public class MongoPlatformAutoConfiguration {

    /**
     * How long a request waits for a reachable MongoDB before it fails with a 503 (the driver's default is 30 s,
     * longer than the gateway waits): a database outage is answered quickly and clearly instead of hanging.
     */
    @Bean
    MongoClientSettingsBuilderCustomizer serverSelectionTimeout(
            @Value("${platform.mongodb.server-selection-timeout:5s}") Duration timeout) {
        return settings -> settings.applyToClusterSettings(
                cluster -> cluster.serverSelectionTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Bean(name = "mongoHealthIndicator")
    @ConditionalOnBean(MongoTemplate.class)
    @ConditionalOnEnabledHealthIndicator("mongo")
    MongoPingHealthIndicator mongoHealthIndicator(MongoTemplate mongo) {
        return new MongoPingHealthIndicator(mongo);
    }
}
