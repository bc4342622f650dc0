package dev.timeline.api.live;

import dev.timeline.events.changes.Change;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The last changes a replica read, in the order it read them, for clients that reconnect: a client that was at
 * position P gets every change after P from here, or learns that some of them are no longer here (it reloads the
 * page). Not thread-safe: {@link LiveStreams} guards it.
 */
final class ChangeRing {
    private final int capacity;
    private final ArrayDeque<Sequenced> changes;
    /** Per partition, the offset of the last change read (start − 1 before any). */
    private long[] consumed = new long[0];
    /** Per partition, the lowest offset from which every change read is still here. */
    private long[] known = new long[0];

    ChangeRing(int capacity) {
        this.capacity = Math.max(1, capacity);
        this.changes = new ArrayDeque<>(Math.min(this.capacity, 16_384));
    }

    /** The feed starts reading each partition at {@code offsets}: nothing before them is known. */
    void start(long[] offsets) {
        changes.clear();
        known = offsets.clone();
        consumed = new long[offsets.length];
        for (int p = 0; p < offsets.length; p++) {
            consumed[p] = offsets[p] - 1;
        }
    }

    int partitions() {
        return consumed.length;
    }

    void add(Sequenced change) {
        changes.addLast(change);
        consumed[change.partition()] = change.offset();
        if (changes.size() > capacity) {
            Sequenced evicted = changes.removeFirst();
            known[evicted.partition()] = evicted.offset() + 1;
        }
    }

    /** Where the replica is: the offset of the last change read of each partition. */
    long[] position() {
        return consumed.clone();
    }

    /** A change after a client's position, with the position after it (what was read up to it, and it). */
    record Missed(Sequenced change, long[] after) {}

    /**
     * Every change after {@code from} still here that {@code wanted} accepts, in the order read; empty when some change
     * after {@code from} is no longer here (or was never read by this replica: it started later).
     */
    Optional<List<Missed>> since(long[] from, Predicate<Change> wanted) {
        if (from.length != known.length) {
            return Optional.empty();
        }
        for (int p = 0; p < from.length; p++) {
            if (from[p] + 1 < known[p]) {
                return Optional.empty();
            }
        }
        long[] at = new long[known.length];
        for (int p = 0; p < at.length; p++) {
            at[p] = Math.max(from[p], known[p] - 1);
        }
        List<Missed> after = new ArrayList<>();
        for (Sequenced change : changes) {
            if (change.offset() > from[change.partition()]) {
                at[change.partition()] = change.offset();
                if (wanted.test(change.change())) {
                    after.add(new Missed(change, at.clone()));
                }
            } else {
                at[change.partition()] = Math.max(at[change.partition()], change.offset());
            }
        }
        return Optional.of(after);
    }

    int size() {
        return changes.size();
    }

    @Override
    public String toString() {
        return "ChangeRing[" + changes.size() + " of " + capacity + ", known from " + Arrays.toString(known) + "]";
    }
}
