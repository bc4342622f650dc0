package dev.timeline.wirestore.index;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Encodes index key values as bytes whose unsigned lexicographic order is the order of the values: MongoDB's
 * comparison order across types (null, numbers, strings, documents, arrays, binary data, ObjectIds, booleans, dates,
 * timestamps), numbers compared by value whatever their BSON type, and strings by their UTF-8 bytes (MongoDB's binary
 * collation). Each encoded value is self-delimiting, so compound keys are concatenations and a descending key
 * component is its encoding with every byte inverted.
 *
 * <p>Values it cannot order (regular expressions, code) encode as {@link #unsupported}: an index holding one is not
 * used for ranges or sorting, only correctness is kept by re-checking every candidate.
 */
public final class KeyCodec {
    static final int MIN_KEY = 0x01;
    static final int NULL = 0x02;
    static final int NUMBER = 0x10;
    static final int STRING = 0x20;
    static final int DOCUMENT = 0x30;
    static final int ARRAY = 0x40;
    static final int BINARY = 0x50;
    static final int OBJECT_ID = 0x70;
    static final int BOOLEAN = 0x80;
    static final int DATE = 0x90;
    static final int TIMESTAMP = 0xA0;
    static final int OTHER = 0xE0;
    static final int MAX_KEY = 0xFF;

    private KeyCodec() {}

    /** The type bracket a value sorts in: range bounds never cross it (a date range matches only dates). */
    public static int bracket(@Nullable Object value) {
        if (value == null || value instanceof Missing) {
            return NULL;
        } else if (value instanceof MinKey) {
            return MIN_KEY;
        } else if (value instanceof MaxKey) {
            return MAX_KEY;
        } else if (value instanceof Number) {
            return NUMBER;
        } else if (value instanceof String) {
            return STRING;
        } else if (value instanceof Map) {
            return DOCUMENT;
        } else if (value instanceof Collection) {
            return ARRAY;
        } else if (value instanceof BinData || value instanceof byte[] || value instanceof UUID) {
            return BINARY;
        } else if (value instanceof ObjectId) {
            return OBJECT_ID;
        } else if (value instanceof Boolean) {
            return BOOLEAN;
        } else if (value instanceof Instant) {
            return DATE;
        } else if (value instanceof BsonTimestamp) {
            return TIMESTAMP;
        }
        return OTHER;
    }

    /** Whether the encoding orders this value as MongoDB does (else the index is kept, but not used to order). */
    public static boolean orderable(@Nullable Object value) {
        int bracket = bracket(value);
        if (bracket == OTHER || value instanceof Decimal128) {
            return false;
        }
        // Documents and arrays compare field by field in MongoDB; their encoding keeps equality, not that order.
        return bracket != DOCUMENT && bracket != ARRAY;
    }

    /** Appends the encoding of {@code value}, inverted when {@code descending}. */
    public static void encode(@Nullable Object value, boolean descending, ByteArrayOutputStream out) {
        if (!descending) {
            write(value, out);
            return;
        }
        ByteArrayOutputStream own = new ByteArrayOutputStream(32);
        write(value, own);
        byte[] bytes = own.toByteArray();
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ~bytes[i];
        }
        out.writeBytes(bytes);
    }

    /** The smallest encoding of a type bracket (the lower end of a range within it), inverted when descending. */
    public static byte[] bracketStart(int bracket, boolean descending) {
        return new byte[] {(byte) (descending ? ~bracket : bracket)};
    }

    /** One past the largest encoding of a type bracket (exclusive), inverted when descending. */
    public static byte[] bracketEnd(int bracket, boolean descending) {
        return successor(bracketStart(bracket, descending));
    }

    private static void write(@Nullable Object value, ByteArrayOutputStream out) {
        int bracket = bracket(value);
        out.write(bracket);
        switch (bracket) {
            case NULL, MIN_KEY, MAX_KEY -> {}
            case NUMBER -> writeNumber((Number) value, out);
            case STRING -> writeString((String) value, out);
            case DOCUMENT -> {
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    out.write(1);
                    writeString(String.valueOf(entry.getKey()), out);
                    write(entry.getValue(), out);
                }
                out.write(0);
            }
            case ARRAY -> {
                for (Object element : (Collection<?>) value) {
                    out.write(1);
                    write(element, out);
                }
                out.write(0);
            }
            case BINARY -> writeBinary(value, out);
            case OBJECT_ID -> out.writeBytes(((ObjectId) value).toByteArray());
            case BOOLEAN -> out.write(((Boolean) value) ? 1 : 0);
            case DATE -> writeLong(((Instant) value).toEpochMilli() ^ Long.MIN_VALUE, out);
            case TIMESTAMP -> writeLong(((BsonTimestamp) value).getValue() ^ Long.MIN_VALUE, out);
            default -> writeString(value.getClass().getName() + ":" + value, out);
        }
    }

    /**
     * Numbers compare by value across int, long and double: the double's sortable bits first, then the exact long
     * value for integers beyond a double's precision (where two different longs share one double).
     */
    private static void writeNumber(Number number, ByteArrayOutputStream out) {
        double d = number.doubleValue();
        if (d == 0.0) {
            d = 0.0; // -0.0 equals 0.0
        }
        long bits = Double.doubleToLongBits(d);
        bits = bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
        writeLong(bits, out);
        long exact = (number instanceof Long
                        || number instanceof Integer
                        || number instanceof Short
                        || number instanceof Byte)
                ? number.longValue()
                : (long) d;
        writeLong(exact ^ Long.MIN_VALUE, out);
    }

    /** UTF-8 with 0x00 escaped as 0x00 0xFF and ended by 0x00 0x00, so a prefix sorts first. */
    private static void writeString(String s, ByteArrayOutputStream out) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        int from = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                out.write(bytes, from, i + 1 - from);
                out.write(0xFF);
                from = i + 1;
            }
        }
        out.write(bytes, from, bytes.length - from);
        out.write(0);
        out.write(0);
    }

    private static void writeBinary(Object value, ByteArrayOutputStream out) {
        byte[] data;
        int subtype;
        if (value instanceof BinData bin) {
            data = bin.getData();
            subtype = 0;
        } else if (value instanceof UUID uuid) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(16);
            buffer.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
            data = buffer.array();
            subtype = 4;
        } else {
            data = (byte[]) value;
            subtype = 0;
        }
        // MongoDB orders binary data by length, then subtype, then bytes.
        writeLong(data.length, out);
        out.write(subtype);
        out.writeBytes(data);
    }

    static void writeLong(long v, ByteArrayOutputStream out) {
        byte[] bytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (v >>> (56 - 8 * i));
        }
        out.writeBytes(bytes); // one call: every write of a ByteArrayOutputStream takes its lock
    }

    /** What {@link #decode} gives for a component whose value the key does not tell exactly (a number's type, null or missing). */
    public static final Object UNDECODED = new Object();

    /** What {@link #decode} gives for null or missing: one encoding, and the same to every condition but two. */
    public static final Object NULL_OR_MISSING = new Object();

    /**
     * Reads the component encoded at {@code at} (inverted when {@code descending}) into {@code into[slot]}: the string,
     * date, boolean or ObjectId it holds, {@link #NULL_OR_MISSING}, or {@link #UNDECODED} for the types whose encoding
     * loses something (numbers lose their BSON type). Returns where the next component starts.
     */
    public static int decode(byte[] key, int at, boolean descending, Object[] into, int slot) {
        int flip = descending ? 0xFF : 0;
        int bracket = (key[at] & 0xFF) ^ flip;
        int from = at + 1;
        switch (bracket) {
            case STRING -> {
                ByteArrayOutputStream text = new ByteArrayOutputStream(24);
                boolean lossy = false;
                int i = from;
                while (true) {
                    int b = (key[i] & 0xFF) ^ flip;
                    int next = (key[i + 1] & 0xFF) ^ flip;
                    if (b == 0 && next == 0) {
                        break;
                    }
                    lossy |= b == '?'; // what UTF-8 made of a lone surrogate, or a '?': the key cannot tell
                    text.write(b);
                    i += b == 0 ? 2 : 1; // 0x00 0xFF is an escaped 0x00
                }
                into[slot] = lossy ? UNDECODED : text.toString(StandardCharsets.UTF_8);
                return i + 2;
            }
            case DATE -> {
                into[slot] = Instant.ofEpochMilli(readLong(key, from, flip) ^ Long.MIN_VALUE);
                return from + 8;
            }
            case BOOLEAN -> {
                into[slot] = ((key[from] & 0xFF) ^ flip) == 1;
                return from + 1;
            }
            case OBJECT_ID -> {
                byte[] id = new byte[12];
                for (int i = 0; i < 12; i++) {
                    id[i] = (byte) (key[from + i] ^ flip);
                }
                into[slot] = new ObjectId(id);
                return from + 12;
            }
            default -> {
                into[slot] = bracket == NULL ? NULL_OR_MISSING : UNDECODED;
                return skip(key, at, flip);
            }
        }
    }

    /** Where each component of a key (of {@code descending.length} components) starts. */
    public static int[] starts(byte[] key, boolean[] descending) {
        int[] starts = new int[descending.length];
        int at = 0;
        for (int i = 0; i < descending.length; i++) {
            starts[i] = at;
            at = skip(key, at, descending[i] ? 0xFF : 0);
        }
        return starts;
    }

    /**
     * The BSON document of the chosen components (component {@code slots[k]} named {@code names[k]}), written
     * straight from the key's bytes; null when one of them is not a string, date, boolean or ObjectId, the types a
     * key tells exactly.
     */
    public static byte @Nullable [] toBson(
            byte[] key, int[] starts, boolean[] descending, int[] slots, byte[][] names) {
        int capacity = 5;
        for (int k = 0; k < slots.length; k++) {
            int end = slots[k] + 1 < starts.length ? starts[slots[k] + 1] : key.length;
            capacity += names[k].length + 7 + end - starts[slots[k]];
        }
        byte[] out = new byte[capacity];
        int n = 4;
        for (int k = 0; k < slots.length; k++) {
            int flip = descending[slots[k]] ? 0xFF : 0;
            int at = starts[slots[k]];
            int bracket = (key[at++] & 0xFF) ^ flip;
            int type = switch (bracket) {
                case STRING -> 0x02;
                case DATE -> 0x09;
                case BOOLEAN -> 0x08;
                case OBJECT_ID -> 0x07;
                default -> 0;
            };
            if (type == 0) {
                return null;
            }
            out[n++] = (byte) type;
            System.arraycopy(names[k], 0, out, n, names[k].length);
            n += names[k].length;
            out[n++] = 0;
            switch (bracket) {
                case STRING -> {
                    int length = n;
                    n += 4;
                    while (true) {
                        int b = (key[at] & 0xFF) ^ flip;
                        if (b == 0 && ((key[at + 1] & 0xFF) ^ flip) == 0) {
                            break;
                        }
                        if (b == '?') { // maybe a lone surrogate's replacement: the document tells
                            return null;
                        }
                        out[n++] = (byte) b;
                        at += b == 0 ? 2 : 1;
                    }
                    out[n++] = 0;
                    intLE(out, length, n - length - 4);
                }
                case DATE -> {
                    long millis = readLong(key, at, flip) ^ Long.MIN_VALUE;
                    for (int i = 0; i < 8; i++) {
                        out[n++] = (byte) (millis >>> (8 * i));
                    }
                }
                case BOOLEAN -> out[n++] = (byte) ((key[at] & 0xFF) ^ flip);
                default -> { // ObjectId
                    for (int i = 0; i < 12; i++) {
                        out[n++] = (byte) (key[at + i] ^ flip);
                    }
                }
            }
        }
        out[n++] = 0;
        intLE(out, 0, n);
        return java.util.Arrays.copyOf(out, n);
    }

    private static void intLE(byte[] out, int at, int value) {
        out[at] = (byte) value;
        out[at + 1] = (byte) (value >>> 8);
        out[at + 2] = (byte) (value >>> 16);
        out[at + 3] = (byte) (value >>> 24);
    }

    /** Where the component at {@code at} ends, whatever its type. */
    private static int skip(byte[] key, int at, int flip) {
        int bracket = (key[at] & 0xFF) ^ flip;
        int i = at + 1;
        return switch (bracket) {
            case NULL, MIN_KEY, MAX_KEY -> i;
            case NUMBER -> i + 16;
            case DATE, TIMESTAMP -> i + 8;
            case BOOLEAN -> i + 1;
            case OBJECT_ID -> i + 12;
            case BINARY -> i + 8 + 1 + (int) readLong(key, i, flip);
            case DOCUMENT -> {
                while (((key[i] & 0xFF) ^ flip) == 1) {
                    i = skip(key, skipString(key, i + 1, flip), flip);
                }
                yield i + 1;
            }
            case ARRAY -> {
                while (((key[i] & 0xFF) ^ flip) == 1) {
                    i = skip(key, i + 1, flip);
                }
                yield i + 1;
            }
            default -> skipString(key, i, flip); // strings, and what cannot be ordered (its description)
        };
    }

    private static int skipString(byte[] key, int at, int flip) {
        int i = at;
        while (true) {
            int b = (key[i] & 0xFF) ^ flip;
            if (b == 0 && ((key[i + 1] & 0xFF) ^ flip) == 0) {
                return i + 2;
            }
            i += b == 0 ? 2 : 1;
        }
    }

    private static long readLong(byte[] key, int at, int flip) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | ((key[at + i] & 0xFF) ^ flip);
        }
        return v;
    }

    /** The bytes that follow every entry of {@code prefix} in order: the upper end, exclusive, of a prefix range. */
    public static byte[] successor(byte[] prefix) {
        byte[] next = prefix.clone();
        for (int i = next.length - 1; i >= 0; i--) {
            if (next[i] != (byte) 0xFF) {
                next[i]++;
                return java.util.Arrays.copyOf(next, i + 1);
            }
        }
        // All 0xFF: nothing follows; one more 0xFF byte than any entry's prefix is beyond them all.
        byte[] beyond = java.util.Arrays.copyOf(prefix, prefix.length + 64);
        java.util.Arrays.fill(beyond, prefix.length, beyond.length, (byte) 0xFF);
        return beyond;
    }

    /** For tests and logs: the document a key value came from does not matter, only its bytes. */
    static byte[] encodeAll(Document values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        values.values().forEach(v -> write(v, out));
        return out.toByteArray();
    }
}
