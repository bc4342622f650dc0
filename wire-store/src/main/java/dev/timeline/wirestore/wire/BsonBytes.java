package dev.timeline.wirestore.wire;

import de.bwaldvogel.mongo.bson.Document;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Stored BSON sent as it is: a reply document built from the log's bytes ({@link #raw}) is written to the socket by
 * copying them ({@link FastBsonEncoder}), and a simple projection is applied on the bytes ({@link Projection}), so a
 * page read never decodes and re-encodes the documents it returns.
 */
public final class BsonBytes {
    /** The one key of a reply document that stands for stored bytes; no real field name can contain a NUL. */
    static final String RAW_KEY = "\u0000wire-store-raw";

    private BsonBytes() {}

    /** A document that the encoder writes as these bytes (plus, for sorting in memory, the sort fields). */
    public static Document raw(byte[] bson, Document sortFields) {
        Document document = new Document(RAW_KEY, bson);
        document.putAll(sortFields);
        return document;
    }

    static byte @Nullable [] rawBytes(Map<String, ?> document) {
        if (document instanceof Document d
                && !d.isEmpty()
                && d.keySet().iterator().next().equals(RAW_KEY)) {
            return (byte[]) d.get(RAW_KEY);
        }
        return null;
    }

    /** The length of the value of BSON type {@code type} that starts at {@code at}. */
    static int valueLength(byte[] b, int at, byte type) {
        return switch (type) {
            case 0x01, 0x09, 0x11, 0x12 -> 8;
            case 0x02, 0x0D, 0x0E -> 4 + intLE(b, at);
            case 0x03, 0x04, 0x0F -> intLE(b, at);
            case 0x05 -> 4 + 1 + intLE(b, at);
            case 0x06, 0x0A, (byte) 0xFF, 0x7F -> 0;
            case 0x07 -> 12;
            case 0x08 -> 1;
            case 0x0B -> {
                int end = cStringEnd(b, at);
                yield cStringEnd(b, end + 1) + 1 - at;
            }
            case 0x0C -> 4 + intLE(b, at) + 12;
            case 0x10 -> 4;
            case 0x13 -> 16;
            default -> throw new IllegalStateException("unknown BSON type " + type);
        };
    }

    static int intLE(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    static int cStringEnd(byte[] b, int at) {
        int i = at;
        while (b[i] != 0) {
            i++;
        }
        return i;
    }

    /**
     * A projection applied to stored bytes: inclusions (nested ones into embedded documents), or exclusions of
     * top-level fields; other projections ({@code $slice}, {@code $elemMatch}, positional, nested exclusions) are
     * left to core's projection on a decoded document.
     */
    public static final class Projection {
        private final @Nullable Map<String, Object> included;
        private final @Nullable Level includedNames;
        private final Set<String> excluded;

        private Projection(@Nullable Map<String, Object> included, Set<String> excluded) {
            this.included = included;
            this.includedNames = included == null ? null : Level.of(included);
            this.excluded = excluded;
        }

        /**
         * One level of the inclusion tree with its names as UTF-8 bytes, so that projecting compares each element's
         * name in place instead of decoding it (a chart projects every entry of a customer).
         */
        private record Level(byte[][] names, Object[] rules) {
            @SuppressWarnings("unchecked")
            static Level of(Map<String, Object> tree) {
                byte[][] names = new byte[tree.size()][];
                Object[] rules = new Object[tree.size()];
                int i = 0;
                for (Map.Entry<String, Object> entry : tree.entrySet()) {
                    names[i] = entry.getKey().getBytes(StandardCharsets.UTF_8);
                    rules[i++] = entry.getValue() instanceof Map<?, ?> nested
                            ? of((Map<String, Object>) nested)
                            : entry.getValue();
                }
                return new Level(names, rules);
            }

            /** The rule for the name at {@code b[from, to)}: TRUE, a nested level, or null (left out). */
            @Nullable
            Object rule(byte[] b, int from, int to) {
                for (int i = 0; i < names.length; i++) {
                    if (Arrays.equals(names[i], 0, names[i].length, b, from, to)) {
                        return rules[i];
                    }
                }
                return null;
            }
        }

        /** The projection, or null when this class cannot apply it. */
        public static @Nullable Projection of(@Nullable Document fields) {
            if (fields == null || fields.isEmpty()) {
                return new Projection(null, Set.of());
            }
            Map<String, Object> included = new LinkedHashMap<>();
            Set<String> excluded = new java.util.HashSet<>();
            boolean idExcluded = false;
            for (Map.Entry<String, Object> entry : fields.entrySet()) {
                String key = entry.getKey();
                Object value = entry.getValue();
                boolean include;
                if (value instanceof Boolean bool) {
                    include = bool;
                } else if (value instanceof Number n) {
                    include = n.doubleValue() != 0;
                } else {
                    return null;
                }
                if (key.equals("_id")) {
                    idExcluded = !include;
                    continue;
                }
                if (key.contains("$") || key.isEmpty()) {
                    return null;
                }
                if (include) {
                    if (!add(included, key)) {
                        return null;
                    }
                } else {
                    if (key.contains(".")) {
                        return null;
                    }
                    excluded.add(key);
                }
            }
            if (!included.isEmpty() && !excluded.isEmpty()) {
                return null; // core reports the error
            }
            if (included.isEmpty()) {
                if (idExcluded) {
                    excluded.add("_id");
                }
                return new Projection(null, excluded);
            }
            if (!idExcluded) {
                included.put("_id", Boolean.TRUE);
            }
            return new Projection(included, Set.of());
        }

        @SuppressWarnings("unchecked")
        private static boolean add(Map<String, Object> tree, String path) {
            int dot = path.indexOf('.');
            String head = dot < 0 ? path : path.substring(0, dot);
            if (dot < 0) {
                if (tree.containsKey(head)) {
                    return false;
                }
                tree.put(head, Boolean.TRUE);
                return true;
            }
            Object sub = tree.computeIfAbsent(head, k -> new LinkedHashMap<String, Object>());
            return sub instanceof Map && add((Map<String, Object>) sub, path.substring(dot + 1));
        }

        /** The included fields when they are all whole top-level fields (no {@code a.b}), else null. */
        public @Nullable Set<String> flatInclusions() {
            if (included == null || included.values().stream().anyMatch(rule -> rule != Boolean.TRUE)) {
                return null;
            }
            return included.keySet();
        }

        public boolean isIdentity() {
            return included == null && excluded.isEmpty();
        }

        /** The fields whose stored values are needed at all (null: all of them). */
        public @Nullable Set<String> topLevel() {
            return included == null ? null : included.keySet();
        }

        /** The projected document, or null when it holds an array under a nested inclusion (core projects it). */
        public byte @Nullable [] apply(byte[] bson) {
            if (isIdentity()) {
                return bson;
            }
            Buffer out = new Buffer(bson.length);
            return project(bson, 0, includedNames, out) ? out.toArray() : null;
        }

        private boolean project(byte[] b, int start, @Nullable Level include, Buffer out) {
            int length = intLE(b, start);
            int end = start + length - 1;
            int lengthAt = out.size();
            out.skip(4);
            int p = start + 4;
            while (p < end) {
                int elementStart = p;
                byte type = b[p];
                int nameEnd = cStringEnd(b, p + 1);
                int valueStart = nameEnd + 1;
                int elementEnd = valueStart + valueLength(b, valueStart, type);
                if (include == null) {
                    if (!excluded.contains(new String(b, p + 1, nameEnd - p - 1, StandardCharsets.UTF_8))) {
                        out.write(b, elementStart, elementEnd - elementStart);
                    }
                } else {
                    Object rule = include.rule(b, p + 1, nameEnd);
                    if (rule == Boolean.TRUE) {
                        out.write(b, elementStart, elementEnd - elementStart);
                    } else if (rule instanceof Level nested) {
                        if (type == 0x04) {
                            return false; // an array of documents: core projects each element
                        }
                        if (type == 0x03) {
                            out.write(b, elementStart, valueStart - elementStart);
                            if (!project(b, valueStart, nested, out)) {
                                return false;
                            }
                        }
                        // a scalar under a nested path is left out, as core does
                    }
                }
                p = elementEnd;
            }
            out.write(0);
            out.patchIntLE(lengthAt, out.size() - lengthAt);
            return true;
        }
    }

    /** A growable byte array that can patch a length written before its content. */
    static final class Buffer {
        private byte[] bytes;
        private int size;

        Buffer(int capacity) {
            bytes = new byte[Math.max(16, capacity)];
        }

        int size() {
            return size;
        }

        void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        void write(byte[] source, int offset, int length) {
            ensure(length);
            System.arraycopy(source, offset, bytes, size, length);
            size += length;
        }

        void skip(int n) {
            ensure(n);
            size += n;
        }

        void patchIntLE(int at, int value) {
            bytes[at] = (byte) value;
            bytes[at + 1] = (byte) (value >>> 8);
            bytes[at + 2] = (byte) (value >>> 16);
            bytes[at + 3] = (byte) (value >>> 24);
        }

        byte[] toArray() {
            return java.util.Arrays.copyOf(bytes, size);
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }
}
