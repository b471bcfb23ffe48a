package org.newsroom.ads.decision.api;

import java.util.concurrent.ThreadLocalRandom;

import org.newsroom.ads.decision.DecisionEngine;
import org.newsroom.ads.decision.DeliveryLedger;
import org.newsroom.ads.token.AdTokenCodec;
import org.newsroom.ads.token.ExposureTokenCodec;
import org.newsroom.ads.token.HmacSigner;
import org.newsroom.ads.token.TokenProperties;
import org.newsroom.ads.tracking.ReportedDeliveryLedger;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties(TokenProperties.class)
class DecisionConfiguration {

    @Bean
    HmacSigner hmacSigner(TokenProperties properties) {
        return new HmacSigner(properties.signingKeys());
    }

    @Bean
    AdTokenCodec adTokenCodec(HmacSigner signer, TokenProperties properties) {
        return new AdTokenCodec(signer, properties.lifetime());
    }

    @Bean
    ExposureTokenCodec exposureTokenCodec(HmacSigner signer) {
        return new ExposureTokenCodec(signer);
    }

    /** Pacing and goals read impressions counted from render beacons (see the tracking package). */
    @Bean
    ReportedDeliveryLedger deliveryLedger(MongoTemplate mongo) {
        return new ReportedDeliveryLedger(mongo);
    }

    @Bean
    DecisionEngine decisionEngine(DeliveryLedger ledger) {
        return new DecisionEngine(ledger, ThreadLocalRandom::current);
    }
}
