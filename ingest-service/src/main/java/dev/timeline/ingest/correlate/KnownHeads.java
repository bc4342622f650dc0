package dev.timeline.ingest.correlate;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * The heads this instance wrote last, with the parts they were built from: a call's next event, or a mail's next open,
 * is then folded without reading the head and its parts back. Only a hint: a head is replaced on the condition that
 * the stored one is still the version remembered here, so a head that another instance (or an erase) changed
 * meanwhile fails that condition and is read from the store. Least recently used heads are forgotten past
 * {@code capacity}; every consumer thread of the instance shares the one map.
 */
final class KnownHeads {
    /**
     * A head as written: its version ({@code partCount} and {@code receivedAt}, which a head made again after an erase
     * would not share) and its parts by id.
     */
    record Known(int partCount, Date receivedAt, Map<String, Document> parts) {}

    private final int capacity;
    private final Map<String, Known> heads;
    private long generation = Long.MIN_VALUE;

    KnownHeads(int capacity) {
        this.capacity = capacity;
        this.heads = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
                return size() > KnownHeads.this.capacity;
            }
        };
    }

    /** The head as this instance last wrote it, taken out: whoever takes it puts back what it writes. */
    synchronized @Nullable Known take(String headId) {
        return heads.remove(headId);
    }

    synchronized void put(String headId, Known known) {
        if (capacity > 0) {
            heads.put(headId, known);
        }
    }

    /**
     * Forgets everything when {@code erasures} (the erase generation the batch read) has moved: an erase deletes heads
     * and parts, and nothing deleted may come back from memory.
     */
    synchronized void erasuresAt(long erasures) {
        if (erasures != generation) {
            heads.clear();
            generation = erasures;
        }
    }

    synchronized int size() {
        return heads.size();
    }
}
