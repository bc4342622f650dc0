package dev.timeline.api.live;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Where a stream is in the changes topic: for each partition, the offset of the last change it has been given (or
 * skipped). This is an event's SSE {@code id} ({@code 12.0.7.-1…}, one number per partition), and what a client's
 * {@code Last-Event-ID} gives back, so any replica can resume it: offsets are the topic's, not a replica's.
 */
final class Position {
    private Position() {}

    static String encode(long[] offsets) {
        StringBuilder id = new StringBuilder(offsets.length * 6);
        for (int p = 0; p < offsets.length; p++) {
            if (p > 0) {
                id.append('.');
            }
            id.append(offsets[p]);
        }
        return id.toString();
    }

    /** The offsets of {@code id}, or null when it is not a position of a topic with {@code partitions} partitions. */
    static long @Nullable [] decode(@Nullable String id, int partitions) {
        if (id == null || id.isBlank()) {
            return null;
        }
        String[] parts = id.strip().split("\\.", -1);
        if (parts.length != partitions) {
            return null;
        }
        long[] offsets = new long[partitions];
        try {
            for (int p = 0; p < partitions; p++) {
                offsets[p] = Long.parseLong(parts[p]);
                if (offsets[p] < -1) {
                    return null;
                }
            }
        } catch (NumberFormatException notOurs) {
            return null;
        }
        return offsets;
    }

    static String toString(long[] offsets) {
        return Arrays.toString(offsets);
    }
}
