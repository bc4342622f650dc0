package dev.timeline.wirestore.backend;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import dev.timeline.wirestore.index.QueryPlanner;
import dev.timeline.wirestore.index.SortedIndex;
import dev.timeline.wirestore.log.StoreLog;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;

/**
 * A database of {@link LogCollection}s. Opening it replays nothing (the log was replayed into the record tables
 * already); it registers the collections and indexes core keeps in {@code system.namespaces} and
 * {@code system.indexes}, then builds each collection's indexes in one pass over its records.
 */
final class LogDatabase extends AbstractSynchronizedMongoDatabase<Long> {
    private final StoreLog log;
    private final OpenCursors cursors;
    private final List<LogCollection> opening = new ArrayList<>();
    private boolean initializing = true;

    LogDatabase(String databaseName, CursorRegistry cursorRegistry, OpenCursors cursors, StoreLog log) {
        super(databaseName, cursorRegistry);
        this.log = log;
        this.cursors = cursors;
        initializeNamespacesAndIndexes();
        initializing = false;
        buildIndexes();
    }

    /** One sequential read of the log fills every collection's indexes. */
    private void buildIndexes() {
        long started = System.nanoTime();
        java.util.Map<StoreLog.Namespace, LogCollection> byNamespace = new java.util.HashMap<>();
        for (LogCollection collection : opening) {
            if (collection.startCollecting()) {
                byNamespace.put(collection.namespace(), collection);
            }
        }
        if (!byNamespace.isEmpty()) {
            try {
                log.scanLive(
                        byNamespace.keySet(),
                        (ns, id, bson, offset, length) -> byNamespace.get(ns).collect(id, bson, offset, length));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            byNamespace.values().forEach(LogCollection::finishCollecting);
            org.slf4j.LoggerFactory.getLogger(LogDatabase.class)
                    .info(
                            "wire store: indexes of {} collections of {} built in {} ms",
                            byNamespace.size(),
                            getDatabaseName(),
                            (System.nanoTime() - started) / 1_000_000);
        }
        opening.clear();
    }

    @Override
    protected MongoCollection<Long> openOrCreateCollection(String collectionName, CollectionOptions options) {
        StoreLog.Namespace namespace = log.namespace(getFullCollectionNamespace(collectionName));
        LogCollection collection =
                new LogCollection(this, collectionName, options, cursorRegistry, cursors, log, namespace);
        if (initializing) {
            collection.deferIndexBuilds(true);
            opening.add(collection);
        }
        return collection;
    }

    @Override
    protected Index<Long> openOrCreateUniqueIndex(
            String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
        return new SortedIndex(indexName, keys, sparse, true);
    }

    @Override
    protected Index<Long> openOrCreateSecondaryIndex(
            String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
        return new SortedIndex(indexName, keys, sparse, false);
    }

    @Override
    protected long getStorageSize() {
        return log.totalBytes();
    }

    @Override
    protected long getFileSize() {
        return log.totalBytes();
    }

    @Override
    public Document handleCommand(
            Channel channel, String command, Document query, DatabaseResolver databaseResolver, Oplog oplog) {
        if (command.equalsIgnoreCase("explain")
                && query.get("explain") instanceof Document inner
                && inner.containsKey("find")) {
            return explainFind(inner);
        }
        if (command.equalsIgnoreCase("find")) {
            LogCollection.RAW_REPLIES.set(Boolean.TRUE);
            try {
                return super.handleCommand(channel, command, query, databaseResolver, oplog);
            } finally {
                LogCollection.RAW_REPLIES.set(Boolean.FALSE);
            }
        }
        return super.handleCommand(channel, command, query, databaseResolver, oplog);
    }

    /** {@code explain} of a find: the plan in MongoDB's shape (stages, index name, direction) and what it examined. */
    private Document explainFind(Document find) {
        String name = (String) find.get("find");
        Document filter = (Document) find.getOrDefault("filter", new Document());
        Document sort = (Document) find.get("sort");
        int limit = find.get("limit") instanceof Number n ? Math.abs(n.intValue()) : 0;
        int skip = find.get("skip") instanceof Number n ? n.intValue() : 0;
        Document response = new Document();
        Document planner = new Document("namespace", getFullCollectionNamespace(name));
        Document stats = new Document();
        MongoCollection<Long> resolved = resolveCollection(name, false);
        if (!(resolved instanceof LogCollection collection)) {
            planner.put("winningPlan", new Document("stage", "EOF"));
            stats.put("nReturned", 0);
            stats.put("totalKeysExamined", 0L);
            stats.put("totalDocsExamined", 0L);
        } else {
            long started = System.nanoTime();
            QueryPlanner.Examined examined = new QueryPlanner.Examined();
            LogCollection.Explained explained =
                    collection.explain(filter, sort, skip, limit, (Document) find.get("projection"), examined);
            planner.put("winningPlan", stage(explained.plan(), explained.covered(), sort));
            stats.put("nReturned", explained.returned());
            stats.put("totalKeysExamined", examined.keys());
            stats.put("totalDocsExamined", examined.documents());
            stats.put("executionTimeMillis", (System.nanoTime() - started) / 1_000_000);
        }
        response.put("queryPlanner", planner);
        response.put("executionStats", stats);
        response.put("ok", 1.0);
        return response;
    }

    /** MongoDB's stages: an index scan under a fetch, or under {@code PROJECTION_COVERED} when its keys answer. */
    private static Document stage(QueryPlanner.Plan plan, boolean covered, Document sort) {
        Document input;
        if (plan instanceof QueryPlanner.Plan.IndexScan scan) {
            Document keyPattern = new Document();
            for (IndexKey key : scan.index().getKeys()) {
                keyPattern.put(key.getKey(), key.isAscending() ? 1 : -1);
            }
            input = new Document("stage", covered ? "PROJECTION_COVERED" : "FETCH")
                    .append(
                            "inputStage",
                            new Document("stage", scan.ranges().size() > 1 && scan.ordered() ? "SORT_MERGE" : "IXSCAN")
                                    .append("indexName", scan.index().getName())
                                    .append("keyPattern", keyPattern)
                                    .append("isMultiKey", scan.index().isMultikey())
                                    .append("direction", scan.reverse() ? "backward" : "forward")
                                    .append("ranges", scan.ranges().size()));
        } else if (plan instanceof QueryPlanner.Plan.Nothing) {
            input = new Document("stage", "EOF");
        } else {
            input = new Document("stage", "COLLSCAN");
        }
        if (!plan.ordered() && sort != null && !sort.isEmpty()) {
            return new Document("stage", "SORT").append("sortPattern", sort).append("inputStage", input);
        }
        return input;
    }
}
