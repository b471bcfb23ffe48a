package org.newsroom.ads.inventory.store;

import java.util.List;
import java.util.Optional;

import org.newsroom.ads.inventory.Advertiser;
import org.newsroom.ads.inventory.Campaign;
import org.newsroom.ads.inventory.Creative;
import org.newsroom.ads.inventory.Slot;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import org.bson.Document;

/**
 * MongoDB adapter for the inventory. Every write is a single-document operation (no transactions needed):
 * updates are conditional on the version the caller read, so a concurrent update is detected, not lost.
 * After each write the inventory revision is incremented, which every instance polls to refresh its index.
 */
@Component
public class InventoryStore {

    static final String SLOTS = "slots";
    static final String ADVERTISERS = "advertisers";
    static final String CAMPAIGNS = "campaigns";
    static final String CREATIVES = "creatives";
    static final String REVISION = "inventory_revision";
    private static final String REVISION_ID = "inventory";

    private final MongoTemplate mongo;

    public InventoryStore(MongoTemplate mongo) {
        this.mongo = mongo;
        // Non-unique: ignored by the local stack's server, used by real MongoDB for the admin list filters.
        mongo.indexOps(CAMPAIGNS).createIndex(new Index().on("advertiserId", Sort.Direction.ASC));
        mongo.indexOps(CAMPAIGNS).createIndex(new Index().on("status", Sort.Direction.ASC));
        mongo.indexOps(CREATIVES).createIndex(new Index().on("campaignId", Sort.Direction.ASC));
    }

    /** @throws DuplicateKeyException when the id is taken */
    public <T> T insert(T entity) {
        T saved = mongo.insert(entity, collectionOf(entity.getClass()));
        bumpRevision();
        return saved;
    }

    /**
     * Replaces the stored document if it still has {@code expectedVersion}.
     *
     * @return false when the document is missing or was changed since the caller read it
     */
    public <T> boolean replace(String id, long expectedVersion, T entity) {
        Query current = Query.query(Criteria.where("_id").is(id).and("version").is(expectedVersion));
        Document replacement = new Document();
        mongo.getConverter().write(entity, replacement);
        long matched = mongo.getCollection(collectionOf(entity.getClass()))
                .replaceOne(current.getQueryObject(), replacement).getMatchedCount();
        if (matched == 1) {
            bumpRevision();
        }
        return matched == 1;
    }

    public <T> Optional<T> find(Class<T> type, String id) {
        return Optional.ofNullable(mongo.findById(id, type, collectionOf(type)));
    }

    public <T> boolean exists(Class<T> type, String id) {
        return mongo.exists(Query.query(Criteria.where("_id").is(id)), collectionOf(type));
    }

    public <T> List<T> findAll(Class<T> type) {
        return mongo.findAll(type, collectionOf(type));
    }

    public <T> List<T> find(Class<T> type, Query query) {
        return mongo.find(query, type, collectionOf(type));
    }

    public <T> long count(Class<T> type, Query query) {
        return mongo.count(Query.of(query).limit(0).skip(0), collectionOf(type));
    }

    public long revision() {
        Document revision = mongo.findById(REVISION_ID, Document.class, REVISION);
        return revision == null ? 0 : ((Number) revision.get("revision")).longValue();
    }

    private void bumpRevision() {
        mongo.findAndModify(Query.query(Criteria.where("_id").is(REVISION_ID)), new Update().inc("revision", 1L),
                FindAndModifyOptions.options().upsert(true).returnNew(true), Document.class, REVISION);
    }

    static String collectionOf(Class<?> type) {
        if (type == Slot.class) {
            return SLOTS;
        }
        if (type == Advertiser.class) {
            return ADVERTISERS;
        }
        if (type == Campaign.class) {
            return CAMPAIGNS;
        }
        if (type == Creative.class) {
            return CREATIVES;
        }
        throw new IllegalArgumentException("Not an inventory type: " + type);
    }
}
