package org.newsroom.donations.epic;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * How many readers saw each variant, per UTC day: one counter document per experiment, variant and day, increased
 * atomically. A view's id is remembered for two days, so a beacon sent twice counts once.
 */
@Component
public class EpicViews {

    static final String COUNTS = "epic_views";
    static final String SEEN = "epic_views_seen";

    private final MongoTemplate mongo;
    private final Clock clock;

    EpicViews(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
        mongo.indexOps(SEEN).createIndex(new Index().on("at", Sort.Direction.ASC).expire(2, TimeUnit.DAYS));
        mongo.indexOps(COUNTS).createIndex(new Index().on("experiment", Sort.Direction.ASC)
                .on("day", Sort.Direction.ASC));
    }

    /** @return false when this view was already counted */
    public boolean count(String experiment, String variant, String viewId) {
        try {
            mongo.insert(new Document("_id", viewId).append("at", Date.from(clock.instant())), SEEN);
        } catch (DuplicateKeyException alreadyCounted) {
            return false;
        }
        String day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString();
        mongo.findAndModify(Query.query(Criteria.where("_id").is(experiment + "|" + variant + "|" + day)),
                new Update().inc("views", 1L).setOnInsert("experiment", experiment).setOnInsert("variant", variant)
                        .setOnInsert("day", day),
                FindAndModifyOptions.options().upsert(true), Document.class, COUNTS);
        return true;
    }

    /** Views per variant over UTC days {@code from} to {@code to}, inclusive, across experiments. */
    public Map<String, Long> byVariant(LocalDate from, LocalDate to) {
        List<Document> days = mongo.find(Query.query(Criteria.where("day").gte(from.toString()).lte(to.toString())),
                Document.class, COUNTS);
        Map<String, Long> views = new HashMap<>();
        for (Document day : days) {
            views.merge(day.getString("variant"), ((Number) day.get("views")).longValue(), Long::sum);
        }
        return views;
    }
}
