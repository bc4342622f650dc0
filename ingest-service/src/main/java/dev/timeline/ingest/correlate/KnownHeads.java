package dev.timeline.ingest.correlate;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The heads this instance wrote last, with the parts they were made from: a call's next event, or a mail's next open,
 * is then folded without reading the head and its parts first. Only a hint: every write is checked by reading the
 * head's part ids back ({@link HeadWriter}), so a head that another instance (or an erase) changed meanwhile is made
 * again from what is stored. Least recently used heads are forgotten past {@code capacity}; every consumer thread of
 * the instance shares the one map.
 */
final class KnownHeads {
    private final int capacity;
    private final Map<String, HeadWriter.Stored> heads;
    private long generation = Long.MIN_VALUE;

    KnownHeads(int capacity) {
        this.capacity = capacity;
        this.heads = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, HeadWriter.Stored> eldest) {
                return size() > KnownHeads.this.capacity;
            }
        };
    }

    /** The parts of the head as this instance last wrote it, taken out: whoever takes it puts back what it writes. */
    synchronized HeadWriter.@Nullable Stored take(String headId) {
        return heads.remove(headId);
    }

    synchronized void put(String headId, HeadWriter.Stored head) {
        if (capacity > 0) {
            heads.put(headId, head);
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
}
