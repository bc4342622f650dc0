package dev.timeline.wirestore.log;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongConsumer;

/**
 * Where each record of one namespace lives in the log: record id → packed location ({@link Location}), or
 * {@link #ABSENT}. Record ids are dense and never reused, so this is a paged array, 8 bytes a record. One writer at a
 * time (the collection's write lock, or the replay); readers at any time.
 */
public final class RecordTable {
    public static final long ABSENT = -1L;
    private static final int PAGE_BITS = 13;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;

    private volatile AtomicLongArray[] pages = new AtomicLongArray[0];
    private final AtomicLong nextId = new AtomicLong();
    private final AtomicLong live = new AtomicLong();
    private final AtomicLong liveBytes = new AtomicLong();

    /** A new record id (the replay sets ids itself and moves this past them). */
    public long newId() {
        return nextId.getAndIncrement();
    }

    /** Makes sure {@code id} is never handed out again (a deleted record's id, seen in the replay). */
    public void reserve(long id) {
        nextId.accumulateAndGet(id + 1, Math::max);
    }

    public long nextId() {
        return nextId.get();
    }

    public long location(long id) {
        AtomicLongArray[] current = pages;
        int page = (int) (id >>> PAGE_BITS);
        if (id < 0 || page >= current.length || current[page] == null) {
            return ABSENT;
        }
        return current[page].get((int) (id & (PAGE_SIZE - 1)));
    }

    /** Sets a record's location; returns the location it replaces ({@link #ABSENT} if none). */
    public long set(long id, long location) {
        AtomicLongArray page = page(id);
        long before = page.getAndSet((int) (id & (PAGE_SIZE - 1)), location);
        if (before == ABSENT) {
            live.incrementAndGet();
        } else {
            liveBytes.addAndGet(-Location.length(before));
        }
        liveBytes.addAndGet(Location.length(location));
        nextId.accumulateAndGet(id + 1, Math::max);
        return before;
    }

    /** Sets a location only if the record is still at {@code expected} (compaction moving a record). */
    public boolean move(long id, long expected, long location) {
        AtomicLongArray page = page(id);
        if (page.compareAndSet((int) (id & (PAGE_SIZE - 1)), expected, location)) {
            liveBytes.addAndGet(Location.length(location) - Location.length(expected));
            return true;
        }
        return false;
    }

    /** Removes a record; returns where it was ({@link #ABSENT} if it was not there). */
    public long clear(long id) {
        long location = location(id);
        if (location == ABSENT) {
            return ABSENT;
        }
        page(id).set((int) (id & (PAGE_SIZE - 1)), ABSENT);
        live.decrementAndGet();
        liveBytes.addAndGet(-Location.length(location));
        return location;
    }

    public long size() {
        return live.get();
    }

    public long liveBytes() {
        return liveBytes.get();
    }

    /** Every live record id, ascending (insertion order). */
    public void forEachId(LongConsumer action) {
        long end = nextId.get();
        for (long id = 0; id < end; id++) {
            if (location(id) != ABSENT) {
                action.accept(id);
            }
        }
    }

    private AtomicLongArray page(long id) {
        int index = (int) (id >>> PAGE_BITS);
        AtomicLongArray[] current = pages;
        if (index >= current.length || current[index] == null) {
            synchronized (this) {
                current = pages;
                if (index >= current.length) {
                    AtomicLongArray[] grown = java.util.Arrays.copyOf(current, Math.max(index + 1, current.length * 2));
                    current = grown;
                }
                if (current[index] == null) {
                    AtomicLongArray fresh = new AtomicLongArray(PAGE_SIZE);
                    for (int i = 0; i < PAGE_SIZE; i++) {
                        fresh.set(i, ABSENT);
                    }
                    current[index] = fresh;
                }
                pages = current;
            }
        }
        return current[index];
    }
}
