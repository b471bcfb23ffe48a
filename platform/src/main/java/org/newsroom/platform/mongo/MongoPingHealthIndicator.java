package org.newsroom.platform.mongo;

import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Pings the service's own database. Replaces Boot's indicator, which runs {@code hello} against every database
 * on the server: the local stack's mongo-java-server answers {@code hello} only on {@code admin}, and a service
 * has no business probing other services' databases anyway.
 */
public class MongoPingHealthIndicator extends AbstractHealthIndicator {

    private final MongoTemplate mongo;

    public MongoPingHealthIndicator(MongoTemplate mongo) {
        super("MongoDB health check failed");
        this.mongo = mongo;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Document reply = mongo.executeCommand(new Document("ping", 1));
        boolean ok = reply.get("ok") instanceof Number number && number.doubleValue() == 1.0;
        builder.status(ok ? "UP" : "DOWN").withDetail("database", mongo.getDb().getName());
    }
}
