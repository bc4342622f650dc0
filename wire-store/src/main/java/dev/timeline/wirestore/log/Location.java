package dev.timeline.wirestore.log;

/**
 * A record's place in the log packed into one long, so a reader gets all of it in one atomic read: the segment's slot
 * (12 bits: at most 4096 segments open at once), the record's offset in the segment (27 bits: segments up to 128 MiB)
 * and the record's total length, header included (25 bits: up to 32 MiB, twice MongoDB's document limit).
 */
public final class Location {
    static final int SLOT_BITS = 12;
    static final int OFFSET_BITS = 27;
    static final int LENGTH_BITS = 25;
    public static final long MAX_SEGMENT_BYTES = 1L << OFFSET_BITS;
    public static final int MAX_RECORD_BYTES = (1 << LENGTH_BITS) - 1;
    static final int MAX_SLOTS = 1 << SLOT_BITS;

    private Location() {}

    static long of(int slot, long offset, int length) {
        if (slot < 0 || slot >= MAX_SLOTS || offset < 0 || offset >= MAX_SEGMENT_BYTES || length > MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("location out of range: " + slot + "/" + offset + "/" + length);
        }
        return ((long) slot << (OFFSET_BITS + LENGTH_BITS)) | (offset << LENGTH_BITS) | length;
    }

    static int slot(long location) {
        return (int) (location >>> (OFFSET_BITS + LENGTH_BITS));
    }

    static long offset(long location) {
        return (location >>> LENGTH_BITS) & ((1L << OFFSET_BITS) - 1);
    }

    public static int length(long location) {
        return (int) (location & ((1L << LENGTH_BITS) - 1));
    }
}
