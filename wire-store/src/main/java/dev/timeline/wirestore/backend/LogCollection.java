package dev.timeline.wirestore.backend;

import static de.bwaldvogel.mongo.backend.Constants.ID_FIELD;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractMongoCollection;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DefaultQueryMatcher;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.ProjectionBridge;
import de.bwaldvogel.mongo.backend.QueryMatcher;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.exception.InvalidIdFieldError;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.oplog.Oplog;
import dev.timeline.wirestore.index.KeyCodec;
import dev.timeline.wirestore.index.QueryPlanner;
import dev.timeline.wirestore.index.SortedIndex;
import dev.timeline.wirestore.log.RecordTable;
import dev.timeline.wirestore.log.StoreLog;
import dev.timeline.wirestore.wire.BsonBytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PrimitiveIterator;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * A collection whose documents live in the {@link StoreLog} and whose indexes are {@link SortedIndex}es. Writes are
 * serialized by one lock per collection (core's insert, update, delete and find-and-modify logic runs under it);
 * queries take no lock at all: they plan against the indexes ({@link QueryPlanner}), read only the candidates, decode
 * only the fields the query looks at, and stop at the limit when the index gives the order.
 */
final class LogCollection extends AbstractMongoCollection<Long> {
    private final StoreLog log;
    private final OpenCursors cursors;
    private final StoreLog.Namespace namespace;
    private final RecordTable records;
    private final ReentrantLock writeLock;
    private final QueryMatcher matcher = new DefaultQueryMatcher();
    private final List<SortedIndex> pendingIndexes = new ArrayList<>();
    private volatile boolean deferIndexBuilds;

    LogCollection(
            MongoDatabase database,
            String collectionName,
            CollectionOptions options,
            CursorRegistry cursorRegistry,
            OpenCursors cursors,
            StoreLog log,
            StoreLog.Namespace namespace) {
        super(database, collectionName, options, cursorRegistry);
        this.log = log;
        this.cursors = cursors;
        this.namespace = namespace;
        this.records = namespace.records();
        this.writeLock = namespace.writeLock();
    }

    StoreLog.Namespace namespace() {
        return namespace;
    }

    // ---- storage primitives for core ----

    @Override
    protected Document getDocument(Long position) {
        byte[] bytes = log.read(namespace, position);
        return bytes == null ? null : DocumentBytes.decode(bytes);
    }

    @Override
    protected void updateDataSize(int sizeDelta) {
        // the record table knows the live bytes
    }

    @Override
    protected int getDataSize() {
        return (int) Math.min(Integer.MAX_VALUE, records.liveBytes());
    }

    @Override
    protected Long addDocumentInternal(Document document) {
        long id = records.newId();
        log.append(List.of(new StoreLog.Write(namespace, id, StoreLog.PUT, DocumentBytes.encode(document))));
        return id;
    }

    @Override
    protected void removeDocument(Long position) {
        log.append(List.of(new StoreLog.Write(namespace, position, StoreLog.DELETE, null)));
    }

    @Override
    protected void handleUpdate(Long position, Document oldDocument, Document newDocument) {
        log.append(List.of(new StoreLog.Write(namespace, position, StoreLog.PUT, DocumentBytes.encode(newDocument))));
    }

    @Override
    public int count() {
        return (int) records.size();
    }

    @Override
    public boolean isEmpty() {
        return records.size() == 0;
    }

    @Override
    protected Stream<DocumentWithPosition<Long>> streamAllDocumentsWithPosition() {
        return stream(allIds())
                .mapToObj(id -> {
                    Document document = getDocument(id);
                    return document == null ? null : new DocumentWithPosition<>(document, id);
                })
                .filter(java.util.Objects::nonNull);
    }

    private PrimitiveIterator.OfLong allIds() {
        return new QueryPlanner.Plan.FullScan().candidates(records, new QueryPlanner.Examined());
    }

    private static <T> Stream<T> stream(Iterator<T> items) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(items, Spliterator.ORDERED), false);
    }

    private static java.util.stream.LongStream stream(PrimitiveIterator.OfLong ids) {
        return StreamSupport.longStream(Spliterators.spliteratorUnknownSize(ids, Spliterator.ORDERED), false);
    }

    @Override
    protected QueryResult matchDocuments(
            Document query, Document orderBy, int numberToSkip, int limit, int batchSize, Document fieldSelector) {
        return queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    // ---- indexes ----

    List<SortedIndex> sortedIndexes() {
        List<SortedIndex> sorted = new ArrayList<>();
        for (Index<Long> index : getIndexes()) {
            if (index instanceof SortedIndex s) {
                sorted.add(s);
            }
        }
        return sorted;
    }

    /** While the database opens, indexes are registered empty and then built together in one pass. */
    void deferIndexBuilds(boolean defer) {
        this.deferIndexBuilds = defer;
    }

    @Override
    public void addIndex(Index<Long> index) {
        writeLock.lock();
        try {
            boolean known = getIndexes().stream().anyMatch(i -> i.getName().equals(index.getName()));
            if (!known && index instanceof SortedIndex sorted && !isEmpty()) {
                if (deferIndexBuilds) {
                    // Registered now, filled by buildPendingIndexes before the store serves any query.
                    pendingIndexes.add(sorted);
                    getIndexes().add(sorted);
                    return;
                }
                // Built here from the fields it needs; core would decode every whole document to build it.
                build(List.of(sorted));
            }
            super.addIndex(index);
        } finally {
            writeLock.unlock();
        }
    }

    /** The deferred indexes' entries while the start-up scan collects them; null when there is nothing to build. */
    private @Nullable List<List<byte[]>> collecting;

    private Set<String> collectingFields = Set.of();

    /** Whether the start-up scan must bring this collection's records (it has deferred indexes). */
    boolean startCollecting() {
        if (pendingIndexes.isEmpty()) {
            deferIndexBuilds = false;
            return false;
        }
        collecting = new ArrayList<>();
        Set<String> fields = new HashSet<>();
        for (SortedIndex index : pendingIndexes) {
            collecting.add(new ArrayList<>((int) Math.min(Integer.MAX_VALUE, records.size())));
            index.getKeys().forEach(k -> fields.add(firstSegment(k.getKey())));
        }
        collectingFields = fields;
        return true;
    }

    /** One live record from the start-up scan. */
    void collect(long id, byte[] bson, int offset, int length) {
        Document keys = DocumentBytes.decode(bson, offset, length, collectingFields, Set.of());
        for (int i = 0; i < pendingIndexes.size(); i++) {
            pendingIndexes.get(i).collect(keys, id, collecting.get(i));
        }
    }

    /** Fills the deferred indexes from what the scan collected; only then may the collection be queried. */
    void finishCollecting() {
        writeLock.lock();
        try {
            for (int i = 0; i < pendingIndexes.size(); i++) {
                pendingIndexes.get(i).load(collecting.get(i));
                collecting.set(i, List.of());
            }
            pendingIndexes.clear();
            collecting = null;
            deferIndexBuilds = false;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Builds new indexes over existing documents the way start-up does: one sequential read of the log, then each
     * index sorted and loaded at once (a random read and a skip-list search per document took minutes at a million).
     */
    private void build(List<SortedIndex> indexes) {
        pendingIndexes.addAll(indexes);
        startCollecting();
        boolean built = false;
        try {
            log.scanLive(List.of(namespace), (ns, id, bson, offset, length) -> collect(id, bson, offset, length));
            finishCollecting();
            built = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!built) { // the index is not registered, and what was collected is dropped
                pendingIndexes.clear();
                collecting = null;
            }
        }
    }

    // ---- writes: under the collection's lock ----

    @Override
    public void addDocument(Document document) {
        writeLock.lock();
        try {
            super.addDocument(document);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Core's insert, one log append for the whole batch: each document is checked against the unique indexes and
     * entered in the indexes (so a duplicate later in the same batch is caught), the batch is appended, and only then
     * do its records get their locations, which is when readers can see them.
     */
    @Override
    public List<Document> insertDocuments(List<Document> documents, boolean isOrdered) {
        writeLock.lock();
        try {
            List<Document> errors = new ArrayList<>();
            List<StoreLog.Write> writes = new ArrayList<>(documents.size());
            List<Document> added = new ArrayList<>(documents.size());
            List<Index<Long>> indexes = getIndexes();
            for (int i = 0; i < documents.size(); i++) {
                Document document = documents.get(i);
                try {
                    prepare(document);
                    for (Index<Long> index : indexes) {
                        index.checkAdd(document, this);
                    }
                    long id = records.newId();
                    for (Index<Long> index : indexes) {
                        index.add(document, id, this);
                    }
                    writes.add(new StoreLog.Write(namespace, id, StoreLog.PUT, DocumentBytes.encode(document)));
                    added.add(document);
                } catch (MongoServerError e) {
                    errors.add(errorDocument(e, i));
                    if (isOrdered) {
                        break;
                    }
                }
            }
            try {
                log.append(writes);
            } catch (RuntimeException e) {
                for (int i = 0; i < writes.size(); i++) {
                    for (Index<Long> index : indexes) {
                        if (index instanceof SortedIndex sorted) {
                            sorted.removeEntries(added.get(i), writes.get(i).recordId());
                        }
                    }
                }
                throw e;
            }
            return errors;
        } finally {
            writeLock.unlock();
        }
    }

    /** What core's addDocument does before the indexes see a document: an id, and never an array as id. */
    private void prepare(Document document) {
        if (document.get(ID_FIELD) instanceof Collection) {
            throw new InvalidIdFieldError("The '_id' value cannot be of type array");
        }
        if (getIdField() != null
                && !document.containsKey(ID_FIELD)
                && !getCollectionName().startsWith("system.")) {
            document.put(ID_FIELD, new ObjectId());
        }
    }

    private static Document errorDocument(MongoServerError e, int index) {
        Document error = new Document();
        error.put("index", index);
        error.put("errmsg", e.getMessageWithoutErrorCode());
        error.put("code", e.getCode());
        if (e.getCodeName() != null) {
            error.put("codeName", e.getCodeName());
        }
        return error;
    }

    @Override
    public Document findAndModify(Document query) {
        return locked(() -> super.findAndModify(query));
    }

    @Override
    public Document updateDocuments(
            Document selector,
            Document updateQuery,
            ArrayFilters arrayFilters,
            boolean isMulti,
            boolean isUpsert,
            Oplog oplog) {
        return locked(() -> super.updateDocuments(selector, updateQuery, arrayFilters, isMulti, isUpsert, oplog));
    }

    @Override
    public int deleteDocuments(Document selector, int limit, Oplog oplog) {
        return locked(() -> super.deleteDocuments(selector, limit, oplog));
    }

    /** Core asks every index for the position; a non-unique index cannot say, so the unique ones (the id) do. */
    @Override
    public void removeDocument(Document document) {
        writeLock.lock();
        try {
            Long position = null;
            for (Index<Long> index : getIndexes()) {
                if (index.isUnique()) {
                    position = index.getPosition(document);
                    if (position != null) {
                        break;
                    }
                }
            }
            if (position == null) {
                position = findDocumentPosition(document);
            }
            if (position == null) {
                return;
            }
            for (Index<Long> index : getIndexes()) {
                if (index instanceof SortedIndex sorted) {
                    sorted.removeEntries(document, position);
                }
            }
            removeDocument(position);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    @Override
    public void drop() {
        writeLock.lock();
        try {
            for (Index<Long> index : getIndexes()) {
                index.drop();
            }
            log.drop(namespace);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void renameTo(MongoDatabase newDatabase, String newCollectionName) {
        throw new MongoServerError(20, "renaming collections is not supported by this store");
    }

    private <T> T locked(Supplier<T> action) {
        writeLock.lock();
        try {
            return action.get();
        } finally {
            writeLock.unlock();
        }
    }

    // ---- queries: no lock ----

    /** Set while a {@code find} command runs: its results go straight to the reply, so they may stay bytes. */
    static final ThreadLocal<Boolean> RAW_REPLIES = ThreadLocal.withInitial(() -> Boolean.FALSE);

    @Override
    protected QueryResult queryDocuments(
            Document query, Document orderBy, int numberToSkip, int limit, int batchSize, Document fieldSelector) {
        BsonBytes.Projection projection = RAW_REPLIES.get() ? BsonBytes.Projection.of(fieldSelector) : null;
        if (projection != null) {
            return rawQuery(query, orderBy, numberToSkip, limit, batchSize, fieldSelector, projection);
        }
        Execution execution = execute(query, orderBy, numberToSkip, limit, fieldSelector, new QueryPlanner.Examined());
        return answer(
                execution.documents(),
                numberToSkip,
                limit,
                batchSize,
                execution.plan().ordered() ? null : deriveComparator(orderBy),
                fieldSelector);
    }

    /**
     * The first batch of an answer, and a cursor reading on from where it stopped. Only a sort in memory has to see
     * every document first (core's path, the sorted rest then waits in the cursor).
     */
    private QueryResult answer(
            Stream<Document> documents,
            int skip,
            int limit,
            int batchSize,
            @Nullable Comparator<Document> order,
            @Nullable Document fieldSelector) {
        if (order != null) {
            return matchDocumentsFromStream(new Document(), documents, skip, limit, batchSize, order, fieldSelector);
        }
        Stream<Document> answer = skip > 0 ? documents.skip(skip) : documents;
        answer = limit > 0 ? answer.limit(limit) : answer;
        if (fieldSelector != null && !fieldSelector.isEmpty()) {
            answer = answer.map(d -> ProjectionBridge.project(fieldSelector, getIdField(), d));
        }
        Iterator<Document> rest = answer.iterator();
        List<Document> firstBatch = new ArrayList<>();
        while ((batchSize <= 0 || firstBatch.size() < batchSize) && rest.hasNext()) {
            firstBatch.add(rest.next());
        }
        return rest.hasNext() ? new QueryResult(firstBatch, cursors.open(rest)) : new QueryResult(firstBatch);
    }

    /** The sorted rest of an answer sorted in memory: forgotten like any other cursor when its client is gone. */
    @Override
    protected Cursor createCursor(List<Document> remainingDocuments) {
        return cursors.open(remainingDocuments.iterator());
    }

    /**
     * A query answered with stored bytes: each candidate is matched on the fields the query reads, projected on its
     * bytes and handed to the reply as they are; an in-memory sort gets the sort fields decoded beside them.
     */
    private QueryResult rawQuery(
            Document query,
            @Nullable Document orderBy,
            int skip,
            int limit,
            int batchSize,
            @Nullable Document fieldSelector,
            BsonBytes.Projection projection) {
        RawExecution execution =
                rawExecute(query, orderBy, skip, limit, fieldSelector, projection, new QueryPlanner.Examined());
        return answer(
                execution.documents(),
                skip,
                limit,
                batchSize,
                execution.plan().ordered() ? null : deriveComparator(orderBy),
                null);
    }

    /** A planned raw query: its plan, whether its keys answer it (covered), and its answers, lazily. */
    record RawExecution(QueryPlanner.Plan plan, boolean covered, Stream<Document> documents) {}

    RawExecution rawExecute(
            Document query,
            @Nullable Document orderBy,
            int skip,
            int limit,
            @Nullable Document fieldSelector,
            BsonBytes.Projection projection,
            QueryPlanner.Examined examined) {
        int wanted = limit > 0 ? skip + limit : 0;
        QueryPlanner.Plan plan = QueryPlanner.plan(query, orderBy, wanted, sortedIndexes());
        Document check = plan.check(query);
        Set<String> matchFields = referencedFields(check);
        Set<String> sortFields = null;
        if (!plan.ordered() && orderBy != null && !orderBy.isEmpty()) {
            sortFields = new LinkedHashSet<>();
            for (String key : orderBy.keySet()) {
                sortFields.add(firstSegment(key));
            }
        }
        Set<String> sortBy = sortFields;
        KeyReader keys = plan instanceof QueryPlanner.Plan.IndexScan scan && sortBy == null
                ? KeyReader.of(scan, check, projection)
                : null;
        Stream<Document> documents = keys != null
                ? stream(keys.scan().entries(examined))
                        .map(entry -> fromKeys(keys, entry, check, matchFields, projection, fieldSelector, examined))
                : stream(plan.candidates(records, examined))
                        .mapToObj(id -> loadRaw(id, check, matchFields, projection, fieldSelector, sortBy, examined));
        return new RawExecution(plan, keys != null && keys.covered(), documents.filter(java.util.Objects::nonNull));
    }

    /**
     * Checks a candidate against the query on its index key, and answers it from the key when the projection asks
     * only for key fields (a covered query, as MongoDB answers it): no document is read for an entry the query
     * rejects or the key answers. A key component that does not tell its value exactly (a number, null) sends the
     * entry to its document.
     */
    private @Nullable Document fromKeys(
            KeyReader keys,
            byte[] entry,
            Document check,
            @Nullable Set<String> matchFields,
            BsonBytes.Projection projection,
            @Nullable Document fieldSelector,
            QueryPlanner.Examined examined) {
        SortedIndex index = keys.scan().index();
        long id = SortedIndex.recordId(entry);
        if (records.location(id) == RecordTable.ABSENT) {
            return null; // entered before its write reached the log, or removed since: not (or no longer) stored
        }
        if (index.isMultikey()) { // became multikey during the scan: an entry no longer stands for its document
            return loadRaw(id, check, matchFields, projection, fieldSelector, null, examined);
        }
        int[] starts = index.starts(entry);
        if (!check.isEmpty()) {
            Document matched = keys.conditionFields(entry, starts);
            if (matched == null) {
                return loadRaw(id, check, matchFields, projection, fieldSelector, null, examined);
            }
            if (!matcher.matches(matched, check)) {
                return null;
            }
        }
        byte[] answer =
                keys.covered() ? index.toBson(entry, starts, keys.projectedSlots(), keys.projectedNames()) : null;
        if (answer == null) { // the document is checked again: it may have changed since its entry was read
            return loadRaw(id, check, matchFields, projection, fieldSelector, null, examined);
        }
        return BsonBytes.raw(answer, new Document());
    }

    /**
     * How an index scan's keys stand for its documents' fields: the key component of each key field the query's
     * conditions name (dotted paths too), and the components (and names) a covered projection returns, {@code _id}
     * first as in a stored document.
     */
    private record KeyReader(
            QueryPlanner.Plan.IndexScan scan,
            Map<String, Integer> conditionSlots,
            boolean nullIsMissing,
            boolean covered,
            int[] projectedSlots,
            byte[][] projectedNames) {

        /** Null when the keys cannot check the query (a multikey index, or a condition on a field they do not hold). */
        static @Nullable KeyReader of(
                QueryPlanner.Plan.IndexScan scan, Document check, BsonBytes.Projection projection) {
            SortedIndex index = scan.index();
            Set<String> paths = index.isMultikey() ? null : referencedPaths(check);
            if (paths == null) {
                return null;
            }
            Map<String, Integer> slots = new java.util.HashMap<>();
            List<de.bwaldvogel.mongo.backend.IndexKey> keys = index.getKeys();
            for (int i = 0; i < keys.size(); i++) {
                slots.put(keys.get(i).getKey(), i);
            }
            if (!slots.keySet().containsAll(paths)) {
                return null;
            }
            Map<String, Integer> conditionSlots = new java.util.LinkedHashMap<>();
            paths.forEach(path -> conditionSlots.put(path, slots.get(path)));
            // Null and missing answer every condition alike but $exists and $type.
            boolean nullIsMissing = !mentions(check, Set.of("$exists", "$type"));
            Set<String> projected = projection.flatInclusions();
            if (projected == null || !slots.keySet().containsAll(projected)) {
                return new KeyReader(scan, conditionSlots, nullIsMissing, false, new int[0], new byte[0][]);
            }
            List<String> order = new ArrayList<>(projected);
            if (order.remove(ID_FIELD)) {
                order.add(0, ID_FIELD);
            }
            int[] projectedSlots = new int[order.size()];
            byte[][] names = new byte[order.size()][];
            for (int k = 0; k < order.size(); k++) {
                projectedSlots[k] = slots.get(order.get(k));
                names[k] = order.get(k).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            return new KeyReader(scan, conditionSlots, nullIsMissing, true, projectedSlots, names);
        }

        /** The fields the conditions name, from the key; null when the key does not tell one of them. */
        @Nullable
        Document conditionFields(byte[] entry, int[] starts) {
            Document document = new Document();
            for (Map.Entry<String, Integer> path : conditionSlots.entrySet()) {
                Object value = scan.index().value(entry, starts[path.getValue()], path.getValue());
                if (value == KeyCodec.NULL_OR_MISSING && nullIsMissing) {
                    continue;
                }
                if (value == KeyCodec.UNDECODED || value == KeyCodec.NULL_OR_MISSING) {
                    return null;
                }
                put(document, path.getKey(), value);
            }
            return document;
        }

        private static void put(Document document, String path, Object value) {
            int dot = path.indexOf('.');
            if (dot < 0) {
                document.put(path, value);
                return;
            }
            Object inner = document.computeIfAbsent(path.substring(0, dot), k -> new Document());
            put((Document) inner, path.substring(dot + 1), value);
        }

        private static boolean mentions(Object condition, Set<String> operators) {
            if (condition instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    if (operators.contains(entry.getKey()) || mentions(entry.getValue(), operators)) {
                        return true;
                    }
                }
            } else if (condition instanceof Collection<?> list) {
                for (Object item : list) {
                    if (mentions(item, operators)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private @Nullable Document loadRaw(
            long id,
            Document query,
            @Nullable Set<String> matchFields,
            BsonBytes.Projection projection,
            @Nullable Document fieldSelector,
            @Nullable Set<String> sortFields,
            QueryPlanner.Examined examined) {
        byte[] bytes = log.read(namespace, id);
        if (bytes == null) {
            return null;
        }
        examined.document();
        if (!query.isEmpty() && !matcher.matches(DocumentBytes.decode(bytes, matchFields, Set.of()), query)) {
            return null;
        }
        byte[] projected = projection.apply(bytes);
        if (projected == null) {
            projected = DocumentBytes.encode(
                    ProjectionBridge.project(fieldSelector, getIdField(), DocumentBytes.decode(bytes)));
        }
        Document sortValues = sortFields == null ? new Document() : DocumentBytes.decode(bytes, sortFields, Set.of());
        return BsonBytes.raw(projected, sortValues);
    }

    /** What {@code explain} reports of a query: its plan and how many documents it returned. */
    record Explained(QueryPlanner.Plan plan, boolean covered, int returned) {}

    Explained explain(
            Document query,
            @Nullable Document orderBy,
            int skip,
            int limit,
            @Nullable Document fieldSelector,
            QueryPlanner.Examined examined) {
        BsonBytes.Projection projection = BsonBytes.Projection.of(fieldSelector); // as a find runs it
        QueryPlanner.Plan plan;
        boolean covered = false;
        Stream<Document> documents;
        if (projection != null) { // as the query runs: on stored bytes, from the keys where they answer it
            RawExecution execution = rawExecute(query, orderBy, skip, limit, fieldSelector, projection, examined);
            plan = execution.plan();
            covered = execution.covered();
            documents = execution.documents();
        } else {
            Execution execution = execute(query, orderBy, skip, limit, null, examined);
            plan = execution.plan();
            documents = execution.documents();
        }
        QueryResult result = matchDocumentsFromStream(
                new Document(), documents, skip, limit, 0, plan.ordered() ? null : deriveComparator(orderBy), null);
        return new Explained(plan, covered, result.collectDocuments().size());
    }

    /** A planned query: its plan, and its matching documents (decoded as far as the projection needs), lazily. */
    record Execution(QueryPlanner.Plan plan, Stream<Document> documents) {}

    Execution execute(
            Document query,
            @Nullable Document orderBy,
            int skip,
            int limit,
            @Nullable Document fieldSelector,
            QueryPlanner.Examined examined) {
        int wanted = limit > 0 ? skip + limit : 0;
        QueryPlanner.Plan plan = QueryPlanner.plan(query, orderBy, wanted, sortedIndexes());
        Document check = plan.check(query);
        Set<String> matchFields = referencedFields(check);
        Fields output = outputFields(fieldSelector, plan.ordered() ? null : orderBy);
        Stream<Document> documents = stream(plan.candidates(records, examined))
                .mapToObj(id -> load(id, check, matchFields, output, examined))
                .filter(java.util.Objects::nonNull);
        return new Execution(plan, documents);
    }

    private @Nullable Document load(
            long id, Document query, @Nullable Set<String> matchFields, Fields output, QueryPlanner.Examined examined) {
        byte[] bytes = log.read(namespace, id);
        if (bytes == null) {
            return null;
        }
        examined.document();
        if (query.isEmpty()) {
            return DocumentBytes.decode(bytes, output.wanted(), output.unwanted());
        }
        Document partial = DocumentBytes.decode(bytes, matchFields, Set.of());
        if (!matcher.matches(partial, query)) {
            return null;
        }
        if (matchFields == null && output.wanted() == null && output.unwanted().isEmpty()) {
            return partial;
        }
        return DocumentBytes.decode(bytes, output.wanted(), output.unwanted());
    }

    /** The top-level fields a query reads, or null when it may read any (e.g. {@code $where}, {@code $expr}). */
    static @Nullable Set<String> referencedFields(Document query) {
        Set<String> paths = referencedPaths(query);
        if (paths == null) {
            return null;
        }
        Set<String> fields = new LinkedHashSet<>();
        paths.forEach(path -> fields.add(firstSegment(path)));
        return fields;
    }

    /** The paths a query's conditions name, as written ({@code staff.id}), or null as for {@link #referencedFields}. */
    static @Nullable Set<String> referencedPaths(Document query) {
        Set<String> paths = new LinkedHashSet<>();
        return collectPaths(query, paths) ? paths : null;
    }

    private static boolean collectPaths(Document query, Set<String> paths) {
        for (Map.Entry<String, Object> entry : query.entrySet()) {
            String key = entry.getKey();
            if (key.equals("$and") || key.equals("$or") || key.equals("$nor")) {
                if (!(entry.getValue() instanceof Collection<?> parts)) {
                    return false;
                }
                for (Object part : parts) {
                    if (!(part instanceof Document d) || !collectPaths(d, paths)) {
                        return false;
                    }
                }
            } else if (key.equals("$comment")) {
                continue;
            } else if (key.startsWith("$")) {
                return false;
            } else {
                paths.add(key);
            }
        }
        return true;
    }

    /** Which top-level fields the result needs: all (null), all but some, or some (plus the sort's). */
    record Fields(@Nullable Set<String> wanted, Set<String> unwanted) {}

    static Fields outputFields(@Nullable Document projection, @Nullable Document sortInMemory) {
        if (projection == null || projection.isEmpty()) {
            return new Fields(null, Set.of());
        }
        Set<String> included = new LinkedHashSet<>();
        Set<String> excluded = new LinkedHashSet<>();
        boolean inclusion = false;
        for (Map.Entry<String, Object> entry : projection.entrySet()) {
            String key = entry.getKey();
            Object value = entry.getValue();
            boolean excludes = value instanceof Number n && n.doubleValue() == 0 || Boolean.FALSE.equals(value);
            if (excludes) {
                if (!key.contains(".") && !key.equals(ID_FIELD)) {
                    excluded.add(key);
                }
            } else {
                included.add(firstSegment(key.replace(".$", "")));
                if (!key.equals(ID_FIELD)) {
                    inclusion = true;
                }
            }
        }
        if (!inclusion) {
            return new Fields(null, excluded);
        }
        included.add(ID_FIELD);
        if (sortInMemory != null) {
            sortInMemory.keySet().forEach(k -> included.add(firstSegment(k)));
        }
        return new Fields(included, Set.of());
    }

    static String firstSegment(String path) {
        int dot = path.indexOf('.');
        return dot < 0 ? path : path.substring(0, dot);
    }
}
