package org.newsroom.localstack;

import java.nio.ByteBuffer;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map.Entry;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.MongoDatabase;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * mongo-java-server's H2 backend with cheaper unique indexes, the same file format and the same order.
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
    }

    private static final class SerializedKeyUniqueIndex extends AbstractUniqueIndex<Object> {

        private final MVMap<byte[], Object> map;

        SerializedKeyUniqueIndex(MVMap<byte[], Object> map, String name, List<IndexKey> keys, boolean sparse) {
            super(name, keys, sparse);
            this.map = map;
        }

        @Override
        protected Object removeDocument(KeyValue key) {
            return map.remove(ObjectDataType.serialize(key));
        }

        @Override
        protected boolean putKeyPosition(KeyValue key, Object position) {
            return map.putIfAbsent(ObjectDataType.serialize(key), Missing.ofNullable(position)) == null;
        }

        @Override
        protected Object getPosition(KeyValue key) {
            return map.get(ObjectDataType.serialize(key));
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
