package org.newsroom.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.NotSerializableException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The faster unique indexes and BSON documents read, search and extend files of the stock H2 backend: a data
 * directory from an earlier version of the local stack keeps working.
 */
class SerializedKeyH2BackendTest {

    @TempDir
    Path dir;

    @Test
    void filesOfTheStockBackendAreSearchedAndConstrainedUnchanged() {
        String file = dir.resolve("mongo.mv").toString();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            // Bytes above 0x7f (é is two in modified UTF-8, as long as "ab"): the order must be the stock one too.
            ids.add((i % 3 == 0 ? "é" : "ab") + UUID.randomUUID() + "/slot-" + (i % 4) + "/impression");
        }
        withServer(new H2Backend(file), marks -> {
            marks.createIndex(Indexes.ascending("partition", "offset"), new IndexOptions().unique(true));
            for (int i = 0; i < ids.size(); i++) {
                marks.insertOne(new Document("_id", ids.get(i)).append("partition", i % 3).append("offset", i));
            }
        });

        withServer(new SerializedKeyH2Backend(file), marks -> {
            assertThat(ids).allSatisfy(id -> assertThat(marks.find(Filters.eq("_id", id)).first()).isNotNull());
            assertThat(marks.find(Filters.eq("_id", "never-written")).first()).isNull();
            assertDuplicate(() -> marks.insertOne(new Document("_id", ids.get(1234))));
            assertDuplicate(() -> marks.insertOne(new Document("_id", "new").append("partition", 1)
                    .append("offset", 1)));
            marks.insertOne(new Document("_id", "written-by-the-faster-index").append("partition", 9)
                    .append("offset", 9));
            assertThat(marks.countDocuments(Filters.regex("_id", "^written-by"))).isEqualTo(1);
            marks.deleteOne(Filters.eq("_id", ids.get(0)));
        });

        withServer(new SerializedKeyH2Backend(file), marks -> {
            assertThat(marks.find(Filters.eq("_id", "written-by-the-faster-index")).first()).isNotNull();
            assertThat(marks.find(Filters.eq("_id", ids.get(0))).first()).isNull();
            assertThat(marks.find(Filters.eq("_id", ids.get(2999))).first())
                    .containsEntry("partition", 2999 % 3).containsEntry("offset", 2999);
            assertDuplicate(() -> marks.insertOne(new Document("_id", "written-by-the-faster-index")));
            assertThat(marks.countDocuments()).isEqualTo(3_000);
        });
    }

    @Test
    void theReusedStreamWritesEveryKeyAsAFreshStreamWould() {
        de.bwaldvogel.mongo.bson.Document nested = new de.bwaldvogel.mongo.bson.Document("b", 2).append("a", "x");
        List<KeyValue> keys = List.of(new KeyValue("0190c1f2-7a3b/inline-1/IMPRESSION"),
                new KeyValue("0190c1f2-7a3b/inline-1/IMPRESSION"), // again: no back-reference to the first
                new KeyValue("é", 1, 1L, 1.0), new KeyValue(3, "partition"), new KeyValue(nested),
                new KeyValue(nested), new KeyValue(List.of("a", nested)), new KeyValue(new Date(0)),
                new KeyValue(Missing.getInstance()), new KeyValue(new de.bwaldvogel.mongo.bson.ObjectId()),
                new KeyValue("0190c1f2-7a3b/inline-1/IMPRESSION", 7));
        SerializedKeyH2Backend.KeySerializer serializer = new SerializedKeyH2Backend.KeySerializer();
        for (int round = 0; round < 3; round++) {
            for (KeyValue key : keys) {
                assertThat(serializer.serialize(key)).as("%s", key).isEqualTo(ObjectDataType.serialize(key));
            }
        }
        assertThatThrownBy(() -> serializer.serialize(new KeyValue(new Object())))
                .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(NotSerializableException.class);
        assertThat(serializer.serialize(keys.get(3))).as("after a failed key")
                .isEqualTo(ObjectDataType.serialize(keys.get(3)));
    }

    @Test
    void documentsStoredAsBsonComeBackWithEveryTypeAfterARestartNextToDocumentsOfTheStockBackend() {
        String file = dir.resolve("mongo.mv").toString();
        withServer(new H2Backend(file), marks -> marks.insertOne(new Document("_id", "stock").append("n", 1L)));
        List<Document> written = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            written.add(new Document("_id", UUID.randomUUID().toString()).append("int", i).append("long", 1L << 40 | i)
                    .append("double", i / 8.0).append("text", "é " + i).append("flag", i % 2 == 0)
                    .append("none", null).append("at", new Date(1_764_000_000_000L + i))
                    .append("objectId", new ObjectId()).append("money", Decimal128.parse("12.34"))
                    .append("bytes", new Binary(new byte[] {1, 2, (byte) i}))
                    .append("nested", new Document("days", new Document("2026-11-28", (long) i)))
                    .append("list", List.of(i, "two", new Document("three", 3))));
        }
        withServer(new SerializedKeyH2Backend(file), marks -> {
            marks.insertMany(written);
            marks.updateOne(Filters.eq("_id", "stock"), new Document("$inc", new Document("n", 2L)));
        });

        withServer(new SerializedKeyH2Backend(file), marks -> {
            for (Document expected : written) {
                assertThat(marks.find(Filters.eq("_id", expected.get("_id"))).first()).isEqualTo(expected);
            }
            assertThat(marks.find(Filters.eq("_id", "stock")).first()).containsEntry("n", 3L);
            assertThat(marks.countDocuments(Filters.gte("int", 1_990))).isEqualTo(10);
        });
    }

    private static void assertDuplicate(Runnable insert) {
        assertThatThrownBy(insert::run).isInstanceOfSatisfying(MongoWriteException.class,
                e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
    }

    private static void withServer(H2Backend backend, Consumer<MongoCollection<Document>> work) {
        MongoServer server = new MongoServer(backend);
        InetSocketAddress address = server.bind();
        try (MongoClient client = MongoClients.create("mongodb://" + address.getHostString() + ":"
                + address.getPort())) {
            work.accept(client.getDatabase("ads").getCollection("counted_events"));
        } finally {
            server.shutdownNow();
            backend.commit();
            backend.close();
        }
    }
}
