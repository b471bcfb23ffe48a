package org.newsroom.donations.ticker;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bson.Document;
import org.newsroom.donations.contribution.ContributionLedger;
import org.newsroom.donations.contribution.Money;
import org.newsroom.events.Topics;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The total raised toward the appeal's goal, for the public ticker. Computed by the database from the ledger (so it
 * is exact and cannot double-count), held in memory, and recomputed within two seconds of any contribution event on
 * Kafka (each instance listens in its own consumer group, from the latest offset) and once a minute regardless.
 * Money still being counted never passes through floating point: conversions are exact decimals, rounded once.
 */
@Component
class SupportersTicker {

    private static final Logger log = LoggerFactory.getLogger(SupportersTicker.class);
    /** Money kept: refunds subtracted, lost disputes and unpaid contributions not counted. */
    private static final List<String> KEPT = List.of("PAID", "PARTIALLY_REFUNDED", "REFUNDED", "DISPUTED", "DISPUTE_WON");

    record Amount(long minorUnits, String currency, String amount) {
        static Amount of(long minorUnits, String currency) {
            return new Amount(minorUnits, currency, new Money(minorUnits, currency).decimal());
        }
    }

    record Ticker(String campaign, Amount goal, Amount raised, int percentOfGoal, long contributions,
            List<Amount> perCurrency, List<String> unconvertedCurrencies, Instant periodStart, Instant periodEnd,
            Instant updatedAt) {
    }

    private final MongoTemplate mongo;
    private final TickerProperties properties;
    private final Clock clock;
    private final AtomicBoolean stale = new AtomicBoolean(true);
    private volatile Ticker current;

    SupportersTicker(MongoTemplate mongo, TickerProperties properties,
            Clock clock) {
        this.mongo = mongo;
        this.properties = properties;
        this.clock = clock;
    }

    Ticker current() {
        Ticker ticker = current;
        return ticker != null ? ticker : refresh();
    }

    @KafkaListener(id = "supporters-ticker", topics = Topics.CONTRIBUTIONS,
            groupId = "donation-ticker-#{T(java.util.UUID).randomUUID()}",
            properties = {"auto.offset.reset=latest", "enable.auto.commit=false",
                    "key.deserializer=org.apache.kafka.common.serialization.StringDeserializer",
                    "value.deserializer=org.apache.kafka.common.serialization.StringDeserializer"})
    void contributionChanged(String ignoredPayload) {
        stale.set(true);
    }

    // At most one recount per interval however many events arrive: bounded work on the database under load.
    @Scheduled(fixedDelayString = "${donations.ticker.refresh-interval:2s}")
    void refreshWhenStale() {
        if (stale.getAndSet(false)) {
            refresh();
        }
    }

    @Scheduled(fixedDelayString = "${donations.ticker.full-refresh-interval:60s}")
    void refreshAnyway() {
        stale.set(true);
    }

    Ticker refresh() {
        String goalCurrency = properties.currency().toUpperCase(Locale.ROOT);
        List<Document> match = List.of(new Document("$match", new Document("status", new Document("$in", KEPT))
                .append("paidAt", new Document("$gte", properties.starts()).append("$lt", properties.ends()))),
                new Document("$group", new Document("_id", "$amount.currency")
                        .append("gross", new Document("$sum", "$amount.minorUnits"))
                        .append("refunded", new Document("$sum", new Document("$ifNull", List.of("$refundedMinorUnits", 0))))
                        .append("count", new Document("$sum", 1))));
        BigDecimal raisedUnits = BigDecimal.ZERO;
        long contributions = 0;
        List<Amount> perCurrency = new ArrayList<>();
        List<String> unconverted = new ArrayList<>();
        for (Document group : mongo.getCollection(ContributionLedger.CONTRIBUTIONS).aggregate(match)) {
            String currency = group.getString("_id");
            long kept = ((Number) group.get("gross")).longValue() - ((Number) group.get("refunded")).longValue();
            contributions += ((Number) group.get("count")).longValue();
            perCurrency.add(Amount.of(kept, currency));
            BigDecimal units = BigDecimal.valueOf(kept, Currency.getInstance(currency).getDefaultFractionDigits());
            if (currency.equals(goalCurrency)) {
                raisedUnits = raisedUnits.add(units);
            } else if (properties.rates().containsKey(currency)) {
                raisedUnits = raisedUnits.add(units.multiply(properties.rates().get(currency)));
            } else {
                unconverted.add(currency);
            }
        }
        int digits = Currency.getInstance(goalCurrency).getDefaultFractionDigits();
        long raised = raisedUnits.setScale(digits, RoundingMode.HALF_EVEN).unscaledValue().longValueExact();
        long goal = BigDecimal.valueOf(properties.goalUnits()).setScale(digits).unscaledValue().longValueExact();
        int percent = goal == 0 ? 0 : (int) Math.min(100, raised * 100 / goal);
        perCurrency.sort((a, b) -> a.currency().compareTo(b.currency()));
        Ticker ticker = new Ticker(properties.campaign(), Amount.of(goal, goalCurrency),
                Amount.of(raised, goalCurrency), percent, contributions, perCurrency, unconverted,
                properties.starts(), properties.ends(), clock.instant());
        current = ticker;
        log.debug("Ticker refreshed: {} {} of {}", raised, goalCurrency, goal);
        return ticker;
    }
}
