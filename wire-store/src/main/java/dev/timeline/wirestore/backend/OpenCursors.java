package dev.timeline.wirestore.backend;

import de.bwaldvogel.mongo.backend.AbstractCursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.CursorNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The cursors the store's queries leave open, and their end. Core keeps a cursor until its last batch is taken or a
 * client kills it, and it holds every remaining document; a client that gives up mid-answer (a read timeout closes
 * its connection, no {@code killCursors} follows) left them on the heap for good: under load such answers filled
 * it. Here a cursor holds the query's iterator, reading on as batches are asked for, and one idle for ten minutes
 * (MongoDB's {@code cursorTimeoutMillis}) is forgotten: a later {@code getMore} on it gets "cursor not found", as on
 * MongoDB.
 */
final class OpenCursors implements AutoCloseable {
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);

    private final CursorRegistry registry;
    private final Duration idleTimeout;
    private final LongSupplier nanoTime;
    private final Map<Long, Rest> open = new ConcurrentHashMap<>();
    private final AtomicLong timedOut = new AtomicLong();
    private final ScheduledExecutorService sweeper;

    OpenCursors(CursorRegistry registry) {
        this(registry, IDLE_TIMEOUT, System::nanoTime);
    }

    OpenCursors(CursorRegistry registry, Duration idleTimeout, LongSupplier nanoTime) {
        this.registry = registry;
        this.idleTimeout = idleTimeout;
        this.nanoTime = nanoTime;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "wire-store-cursors");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(1, idleTimeout.toMillis() / 10);
        sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    /** A cursor over what is left of an answer, registered with core so that {@code getMore} finds it. */
    AbstractCursor open(Iterator<Document> rest) {
        Rest cursor = new Rest(registry.generateCursorId(), rest);
        open.put(cursor.getId(), cursor);
        registry.add(cursor);
        return cursor;
    }

    /** Forgets cursors idle past the timeout, and those core no longer knows (exhausted or killed). */
    int sweep() {
        long now = nanoTime.getAsLong();
        int forgotten = 0;
        for (Rest cursor : open.values()) {
            boolean idle = now - cursor.lastUsed > idleTimeout.toNanos();
            if (idle || !known(cursor.getId())) {
                open.remove(cursor.getId());
                if (idle && registry.remove(cursor.getId())) {
                    timedOut.incrementAndGet();
                    forgotten++;
                }
            }
        }
        return forgotten;
    }

    int size() {
        return open.size();
    }

    /** Cursors forgotten for being idle since the store started ({@code serverStatus.metrics.cursor.timedOut}). */
    long timedOut() {
        return timedOut.get();
    }

    private boolean known(long id) {
        try {
            registry.getCursor(id);
            return true;
        } catch (CursorNotFoundException e) {
            return false;
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }

    private final class Rest extends AbstractCursor {
        private final Iterator<Document> rest;
        private volatile long lastUsed = nanoTime.getAsLong();

        Rest(long id, Iterator<Document> rest) {
            super(id);
            this.rest = rest;
        }

        @Override
        public synchronized boolean isEmpty() {
            return !rest.hasNext();
        }

        @Override
        public synchronized List<Document> takeDocuments(int numberToReturn) {
            lastUsed = nanoTime.getAsLong();
            List<Document> batch = new ArrayList<>();
            while ((numberToReturn <= 0 || batch.size() < numberToReturn) && rest.hasNext()) {
                batch.add(rest.next());
            }
            if (!rest.hasNext()) {
                open.remove(id);
            }
            return batch;
        }
    }
}
