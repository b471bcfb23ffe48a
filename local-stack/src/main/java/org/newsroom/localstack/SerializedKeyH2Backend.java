package org.newsroom.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map.Entry;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * mongo-java-server's H2 backend with cheaper unique indexes and documents stored as BSON.
 *
 * <p>Documents: the stock backend stores them through H2's {@link ObjectDataType}, that is by Java serialisation,
 * and MVStore (de)serialises a whole B-tree leaf of them whenever it writes or reads one back. Under beacon load
 * that was nearly half of the wire server's CPU. Here they are stored as the BSON the wire protocol carries, behind
 * a tag ObjectDataType never writes; values without it (files of the stock backend) are read as before. Files
 * written here cannot be opened by the stock backend again.
 *
 * <p>Unique indexes: the same file format and the same order as the stock backend.
 *
 * <p>The stock backend keys each index map by {@link KeyValue} through H2's {@link ObjectDataType}, which orders
 * objects it does not know by their Java serialisation: every comparison in a B-tree search serialised both keys.
 * With tens of comparisons per lookup and three lookups per insert, that was most of the wire server's CPU under
 * beacon load (the tracking counter inserts one deduplication mark per event). Here the index map is keyed by the
 * serialised bytes themselves, written exactly as ObjectDataType writes a serialised object (tag 19, length,
 * bytes) and compared as it compares them (unsigned, byte by byte): a key is serialised once per operation, and an
 * MVStore file written by the stock backend is read and searched unchanged (see the restart test).
 */
final class SerializedKeyH2Backend extends H2Backend {

    /** ObjectDataType's tag for a Java-serialised object (ObjectDataType.TYPE_SERIALIZED_OBJECT, not public). */
    private static final byte SERIALIZED_OBJECT = 19;

    SerializedKeyH2Backend(String fileName) {
        super(MVStore.open(fileName));
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName);
    }

    /** Inner, not static: the stock constructor opens the indexes, before a field of a subclass would be set. */
    private final class Database extends H2Database {

        Database(String databaseName) {
            super(databaseName, getMvStore(), getCursorRegistry());
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                boolean sparse) {
            // The stock backend's map name, so existing files keep their indexes.
            String mapName = getFullCollectionNamespace(collectionName) + "._index_" + indexName;
            MVMap<byte[], Object> map = getMvStore().openMap(mapName,
                    new MVMap.Builder<byte[], Object>().keyType(SerializedKeyType.INSTANCE));
            return new SerializedKeyUniqueIndex(map, indexName, keys, sparse);
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            // The stock backend's map names, so existing files keep their collections.
            String fullName = getFullCollectionNamespace(collectionName);
            MVMap<Object, Document> data = getMvStore().openMap("databases." + fullName,
                    new MVMap.Builder<Object, Document>().valueType(BsonDocumentType.INSTANCE));
            MVMap<String, Object> meta = getMvStore().openMap("meta." + fullName);
            return new H2Collection(this, collectionName, options, data, meta, getCursorRegistry());
        }
    }

    private static final class SerializedKeyUniqueIndex extends AbstractUniqueIndex<Object> {

        private final MVMap<byte[], Object> map;
        private final KeySerializer serializer = new KeySerializer();

        SerializedKeyUniqueIndex(MVMap<byte[], Object> map, String name, List<IndexKey> keys, boolean sparse) {
            super(name, keys, sparse);
            this.map = map;
        }

        @Override
        protected Object removeDocument(KeyValue key) {
            return map.remove(serializer.serialize(key));
        }

        @Override
        protected boolean putKeyPosition(KeyValue key, Object position) {
            return map.putIfAbsent(serializer.serialize(key), Missing.ofNullable(position)) == null;
        }

        @Override
        protected Object getPosition(KeyValue key) {
            return map.get(serializer.serialize(key));
        }

        /** Only for scans the index cannot answer by key (regular expressions, ranges): keys are deserialised. */
        @Override
        protected Iterable<Entry<KeyValue, Object>> getIterable() {
            return () -> new Iterator<>() {
                private final Iterator<Entry<byte[], Object>> entries = map.entrySet().iterator();

                @Override
                public boolean hasNext() {
                    return entries.hasNext();
                }

                @Override
                public Entry<KeyValue, Object> next() {
                    Entry<byte[], Object> entry = entries.next();
                    return new SimpleImmutableEntry<>((KeyValue) ObjectDataType.deserialize(entry.getKey()),
                            entry.getValue());
                }
            };
        }

        @Override
        public long getCount() {
            return map.sizeAsLong();
        }

        @Override
        public boolean isEmpty() {
            return map.isEmpty();
        }

        @Override
        public long getDataSize() {
            return getCount();
        }
    }

    /**
     * The bytes of {@link ObjectDataType#serialize} for an index key, without its cost per call: that opens a new
     * ObjectOutputStream (two 1 KB buffers and handle tables) every time, a quarter of the wire server's allocation
     * under beacon load, where an insert serialises its key twice (checked, then put). Here one stream is reused:
     * {@link ObjectOutputStream#reset()} forgets the objects already written, so each key is written as a fresh
     * stream writes it, after the stream header. (Not a cache of the last key: keys that are equal in Java, such as
     * documents with the same fields in another order, are different keys to MongoDB.)
     */
    static final class KeySerializer {

        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        private ObjectOutputStream stream;

        /** @return the serialised key, exactly as {@link ObjectDataType#serialize} returns it */
        synchronized byte[] serialize(KeyValue key) {
            try {
                if (stream == null) {
                    buffer.reset();
                    stream = new ObjectOutputStream(buffer); // writes the stream header
                }
                int headerLength = buffer.size();
                stream.writeObject(key); // leaves no byte buffered in the stream: it drains after each object
                byte[] bytes = buffer.toByteArray();
                stream.reset(); // written as one byte, dropped with the buffer below
                stream.flush();
                buffer.reset();
                buffer.write(bytes, 0, headerLength);
                return bytes;
            } catch (IOException | RuntimeException e) {
                stream = null; // a stream that failed halfway is not reused
                throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
            }
        }
    }

    /** Documents as BSON behind {@link #BSON}; anything else as {@link ObjectDataType} reads and writes it. */
    static final class BsonDocumentType extends BasicDataType<Document> {

        static final BsonDocumentType INSTANCE = new BsonDocumentType();

        /** Not one of ObjectDataType's tags (0-19 for types, 32-119 for small values): old values stay readable. */
        private static final byte BSON = (byte) 0xB5;

        private final ObjectDataType stock = new ObjectDataType();
        /** MVStore asks for a size estimate on every put: a running average of encoded sizes, as H2's own. */
        private volatile int averageSize = 256;

        @Override
        public int getMemory(Document document) {
            return 64 + 2 * averageSize;
        }

        @Override
        public void write(WriteBuffer buffer, Document document) {
            ByteBuf bson = Unpooled.buffer(averageSize + 64);
            try {
                BsonEncoder.encodeDocument(document, bson);
                byte[] bytes = new byte[bson.readableBytes()];
                bson.readBytes(bytes);
                averageSize = (averageSize * 15 + bytes.length) / 16;
                buffer.put(BSON).putVarInt(bytes.length).put(bytes);
            } finally {
                bson.release();
            }
        }

        @Override
        public Document read(ByteBuffer buffer) {
            if (buffer.get(buffer.position()) != BSON) {
                return (Document) stock.read(buffer);
            }
            buffer.get();
            byte[] bytes = new byte[DataUtils.readVarInt(buffer)];
            buffer.get(bytes);
            return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bytes));
        }

        @Override
        public Document[] createStorage(int size) {
            return new Document[size];
        }
    }

    /** Serialised keys, stored and ordered as ObjectDataType stores and orders a serialised object. */
    static final class SerializedKeyType extends BasicDataType<byte[]> {

        static final SerializedKeyType INSTANCE = new SerializedKeyType();

        @Override
        public int getMemory(byte[] key) {
            return 24 + key.length;
        }

        @Override
        public void write(WriteBuffer buffer, byte[] key) {
            buffer.put(SERIALIZED_OBJECT).putVarInt(key.length).put(key);
        }

        @Override
        public byte[] read(ByteBuffer buffer) {
            if (buffer.get(buffer.position()) != SERIALIZED_OBJECT) {
                // Not written by either backend for an index key; read it as the stock backend would.
                return ObjectDataType.serialize(new ObjectDataType().read(buffer));
            }
            buffer.get();
            byte[] key = new byte[DataUtils.readVarInt(buffer)];
            buffer.get(key);
            return key;
        }

        @Override
        public int compare(byte[] a, byte[] b) {
            return Arrays.compareUnsigned(a, b);
        }

        @Override
        public byte[][] createStorage(int size) {
            return new byte[size][];
        }
    }
}
