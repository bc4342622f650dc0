package dev.timeline.wirestore.index;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.DuplicateKeyError;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A B-tree-like index: every entry is the document's key (its {@link KeyCodec} encoding, one component per key field
 * in the index's directions) followed by the record id, kept in one concurrent skip list. A compound key is therefore
 * searchable by any prefix of equalities followed by one range, and iterable in key order both ways, which is what
 * the planner needs for {@code {tenant, customerId: {$in}}, sort {occurredAt: -1, _id: -1}}.
 *
 * <p>Arrays make it multikey (one entry per element, as MongoDB does); a multikey index is not used for range
 * bounds. Writers are serialized by the collection; readers run concurrently with them and see each entry either
 * before or after a change, never half of it.
 */
public final class SortedIndex extends Index<Long> {
    private static final int RECORD_ID_BYTES = 8;

    private final boolean unique;
    private final boolean[] descending;
    private static final java.util.Comparator<byte[]> ORDER = Arrays::compareUnsigned;

    private volatile ConcurrentSkipListMap<byte[], Boolean> map = new ConcurrentSkipListMap<>(ORDER);
    private volatile NavigableSet<byte[]> entries = map.keySet();
    private final AtomicLong count = new AtomicLong();
    private volatile boolean multikey;
    private final AtomicLong unorderable = new AtomicLong();

    public SortedIndex(String name, List<IndexKey> keys, boolean sparse, boolean unique) {
        super(name, keys, sparse);
        this.unique = unique;
        this.descending = new boolean[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            descending[i] = !keys.get(i).isAscending();
        }
    }

    @Override
    public boolean isUnique() {
        return unique;
    }

    public boolean isSparseIndex() {
        return isSparse();
    }

    public boolean descending(int component) {
        return descending[component];
    }

    public int size() {
        return getKeys().size();
    }

    /** Whether some document has an array under a key field: then only equality bounds are safe. */
    public boolean isMultikey() {
        return multikey;
    }

    /** Whether the entries are in the order MongoDB would sort the key values (no documents, arrays, regexes …). */
    public boolean isOrdered() {
        return unorderable.get() == 0;
    }

    // ---- keys of a document ----

    /** The encoded keys (without record id) of a document: one, or one per array element for a multikey field. */
    public List<byte[]> keysOf(Document document) {
        if (isSparse() && keys().stream().allMatch(k -> value(document, k) instanceof Missing)) {
            return List.of();
        }
        byte[] simple = simpleKey(document, null);
        if (simple != null) {
            return List.of(simple);
        }
        List<byte[]> keys = new ArrayList<>(1);
        for (KeyValue value : getKeyValues(document)) {
            keys.add(encode(value));
        }
        return keys;
    }

    /** The key when every key field holds a scalar (the common case), without core's generic multikey expansion. */
    private byte @Nullable [] simpleKey(Document document, int @Nullable [] unorderable) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(48);
        List<IndexKey> keys = getKeys();
        int notOrderable = 0;
        for (int i = 0; i < keys.size(); i++) {
            Object value = value(document, keys.get(i).getKey());
            if (value instanceof Collection || value instanceof java.util.Map) {
                return null;
            }
            Object component = value instanceof Missing ? null : value;
            if (unorderable != null && !KeyCodec.orderable(component)) {
                notOrderable++;
            }
            KeyCodec.encode(component, descending[i], out);
        }
        if (unorderable != null) {
            unorderable[0] = notOrderable;
        }
        return out.toByteArray();
    }

    private byte[] encode(KeyValue value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(48);
        int i = 0;
        for (Object component : value) {
            KeyCodec.encode(component, descending[i++], out);
        }
        return out.toByteArray();
    }

    /** A key field's value: a top-level one directly (core's path lookup splits every key with a regex). */
    private static Object value(Document document, String key) {
        return key.indexOf('.') < 0
                ? document.getOrMissing(key)
                : Utils.getSubdocumentValueCollectionAware(document, key);
    }

    /** For a bulk load: adds the entries of one document to {@code into}, noting what they make of the index. */
    public void collect(Document document, long position, List<byte[]> into) {
        int[] notOrderable = new int[1];
        byte[] simple = isSparse() ? null : simpleKey(document, notOrderable);
        if (simple != null) { // scalars only: one entry, and only its components can be unorderable
            if (notOrderable[0] > 0) {
                unorderable.addAndGet(notOrderable[0]);
            }
            into.add(entry(simple, position));
            return;
        }
        if (hasArray(document)) {
            multikey = true;
        }
        unorderable.addAndGet(unorderableComponents(document));
        for (byte[] key : keysOf(document)) {
            into.add(entry(key, position));
        }
    }

    /**
     * Fills an empty index at once (at start-up) with collected entries: sorted, then the skip list is built from
     * them in one linear pass instead of one search per entry.
     */
    public void load(List<byte[]> collected) {
        byte[][] sorted = collected.toArray(new byte[0][]);
        Arrays.parallelSort(sorted, ORDER);
        ConcurrentSkipListMap<byte[], Boolean> built = new ConcurrentSkipListMap<>(new SortedArrayMap(sorted));
        count.set(built.size());
        map = built;
        entries = built.keySet();
    }

    /** Just enough of a sorted map over a sorted array for ConcurrentSkipListMap's linear build. */
    private static final class SortedArrayMap extends java.util.AbstractMap<byte[], Boolean>
            implements java.util.SortedMap<byte[], Boolean> {
        private final byte[][] sorted;

        SortedArrayMap(byte[][] sorted) {
            this.sorted = sorted;
        }

        @Override
        public java.util.Comparator<? super byte[]> comparator() {
            return ORDER;
        }

        @Override
        public java.util.Set<Entry<byte[], Boolean>> entrySet() {
            return new java.util.AbstractSet<>() {
                @Override
                public java.util.Iterator<Entry<byte[], Boolean>> iterator() {
                    return new java.util.Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < sorted.length;
                        }

                        @Override
                        public Entry<byte[], Boolean> next() {
                            byte[] key = sorted[next++];
                            while (next < sorted.length && Arrays.equals(sorted[next], key)) {
                                next++; // the same entry twice: a skip list holds it once
                            }
                            return Map.entry(key, Boolean.TRUE);
                        }
                    };
                }

                @Override
                public int size() {
                    return sorted.length;
                }
            };
        }

        @Override
        public java.util.SortedMap<byte[], Boolean> subMap(byte[] from, byte[] to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.SortedMap<byte[], Boolean> headMap(byte[] to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.SortedMap<byte[], Boolean> tailMap(byte[] from) {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] firstKey() {
            return sorted[0];
        }

        @Override
        public byte[] lastKey() {
            return sorted[sorted.length - 1];
        }
    }

    private boolean hasArray(Document document) {
        for (String key : keys()) {
            if (value(document, key) instanceof Collection) {
                return true;
            }
        }
        return false;
    }

    private int unorderableComponents(Document document) {
        int n = 0;
        for (KeyValue value : getKeyValues(document)) {
            for (Object component : value) {
                if (!KeyCodec.orderable(component)) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Where each key component of an entry starts. */
    public int[] starts(byte[] entry) {
        return KeyCodec.starts(entry, descending);
    }

    /** The value of one key component, starting at {@code at}; {@link KeyCodec#UNDECODED} if the key cannot tell. */
    public Object value(byte[] entry, int at, int component) {
        Object[] value = new Object[1];
        KeyCodec.decode(entry, at, descending[component], value, 0);
        return value[0];
    }

    /** The chosen components as a BSON document, or null where the key cannot tell one (see {@link KeyCodec#toBson}). */
    public byte @Nullable [] toBson(byte[] entry, int[] starts, int[] components, byte[][] names) {
        return KeyCodec.toBson(entry, starts, descending, components, names);
    }

    static byte[] entry(byte[] key, long recordId) {
        byte[] entry = Arrays.copyOf(key, key.length + RECORD_ID_BYTES);
        for (int i = 0; i < RECORD_ID_BYTES; i++) {
            entry[key.length + i] = (byte) (recordId >>> (56 - 8 * i));
        }
        return entry;
    }

    public static long recordId(byte[] entry) {
        long id = 0;
        for (int i = entry.length - RECORD_ID_BYTES; i < entry.length; i++) {
            id = (id << 8) | (entry[i] & 0xFF);
        }
        return id;
    }

    private @Nullable Long find(byte[] key) {
        byte[] first = entries.ceiling(key);
        if (first != null && first.length == key.length + RECORD_ID_BYTES && startsWith(first, key)) {
            return recordId(first);
        }
        return null;
    }

    static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    // ---- maintenance, called by the collection under its write lock ----

    @Override
    public @Nullable Long getPosition(Document document) {
        if (!unique) {
            return null;
        }
        for (byte[] key : keysOf(document)) {
            Long position = find(key);
            if (position != null) {
                return position;
            }
        }
        return null;
    }

    @Override
    public void checkAdd(Document document, MongoCollection<Long> collection) {
        if (!unique) {
            return;
        }
        List<KeyValue> values = List.copyOf(getKeyValues(document));
        List<byte[]> keys = keysOf(document);
        for (int i = 0; i < keys.size(); i++) {
            if (find(keys.get(i)) != null) {
                throw new DuplicateKeyError(this, collection, getKeys(), values.get(i));
            }
        }
    }

    @Override
    public void add(Document document, Long position, MongoCollection<Long> collection) {
        checkAdd(document, collection);
        addEntries(document, position);
    }

    /** Adds the document's entries without the uniqueness check (rebuilds, where it was checked when written). */
    public void addEntries(Document document, long position) {
        if (hasArray(document)) {
            multikey = true;
        }
        unorderable.addAndGet(unorderableComponents(document));
        for (byte[] key : keysOf(document)) {
            if (map.put(entry(key, position), Boolean.TRUE) == null) {
                count.incrementAndGet();
            }
        }
    }

    /** Removes the entries that {@code document}, stored at {@code position}, made. */
    public void removeEntries(Document document, long position) {
        unorderable.addAndGet(-unorderableComponents(document));
        for (byte[] key : keysOf(document)) {
            if (entries.remove(entry(key, position))) {
                count.decrementAndGet();
            }
        }
    }

    @Override
    public @Nullable Long remove(Document document) {
        Long position = getPosition(document);
        if (position != null) {
            removeEntries(document, position);
        }
        return position;
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Long> collection) {
        if (!unique || nullAwareEqualsKeys(oldDocument, newDocument)) {
            return;
        }
        Long own = getPosition(oldDocument);
        List<KeyValue> values = List.copyOf(getKeyValues(newDocument));
        List<byte[]> keys = keysOf(newDocument);
        for (int i = 0; i < keys.size(); i++) {
            Long other = find(keys.get(i));
            if (other != null && !other.equals(own)) {
                throw new DuplicateKeyError(this, collection, getKeys(), values.get(i));
            }
        }
    }

    @Override
    public void updateInPlace(
            Document oldDocument, Document newDocument, Long position, MongoCollection<Long> collection) {
        if (!nullAwareEqualsKeys(oldDocument, newDocument)) {
            removeEntries(oldDocument, position);
            addEntries(newDocument, position);
        }
    }

    // ---- reads ----

    /** Entries from {@code from} (inclusive) to {@code to} (exclusive; null: to the end), in key order. */
    public NavigableSet<byte[]> range(byte[] from, byte @Nullable [] to) {
        if (to == null) {
            return entries.tailSet(from, true);
        }
        if (Arrays.compareUnsigned(from, to) >= 0) {
            return java.util.Collections.emptyNavigableSet();
        }
        return entries.subSet(from, true, to, false);
    }

    /** Entries whose key is exactly {@code key} (for a unique index: at most one). */
    public NavigableSet<byte[]> withKey(byte[] key) {
        return range(key, KeyCodec.successor(key));
    }

    /** The encoding of one key component value, as {@link #keysOf} writes it. */
    public byte[] encodeComponent(int component, @Nullable Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(24);
        KeyCodec.encode(value, descending[component], out);
        return out.toByteArray();
    }

    // ---- Index plumbing: the planner reads this index directly, core's index path is not used ----

    @Override
    public boolean canHandle(Document query) {
        return false;
    }

    @Override
    public Iterable<Long> getPositions(Document query) {
        throw new UnsupportedOperationException("the wire store's planner reads indexes itself");
    }

    @Override
    public long getCount() {
        return count.get();
    }

    @Override
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public long getDataSize() {
        return count.get();
    }

    @Override
    public void drop() {
        map.clear();
        count.set(0);
    }
}
