package dev.timeline.wirestore.index;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import dev.timeline.wirestore.log.RecordTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PrimitiveIterator;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Chooses how to answer a query from the indexes, as MongoDB's planner would for these shapes: equalities (and
 * {@code $in}) on a prefix of an index's keys, then one range, optionally the next keys giving the requested sort
 * order (several equality prefixes are merged in order). The range of a key also comes from an {@code $or} whose every
 * branch bounds it, which is how a keyset cursor ({@code occurredAt < t or (occurredAt = t and _id < id)}) becomes one
 * index range. Bounds are always a superset: every candidate is checked against the whole query afterwards.
 */
public final class QueryPlanner {
    /** Equality prefixes a plan may combine over several keys (their product) ... */
    static final int MAX_POINT_PREFIXES = 512;
    /** ... and points on an index's first key alone: look-ups by id, thousands at once, stay index look-ups. */
    static final int MAX_FIRST_KEY_POINTS = 100_000;

    private QueryPlanner() {}

    /** What a query looked at, for {@code explain}: index entries, and documents read. */
    public static final class Examined {
        long keys;
        long documents;

        public long keys() {
            return keys;
        }

        public long documents() {
            return documents;
        }

        public void document() {
            documents++;
        }
    }

    /** How a query is answered: the record ids to check, lazily, in the plan's order. */
    public sealed interface Plan {
        PrimitiveIterator.OfLong candidates(RecordTable records, Examined examined);

        /** Whether the candidates come in the requested sort order (no sort in memory needed). */
        default boolean ordered() {
            return false;
        }

        /** What a candidate must still be checked against: the query, less what the bounds already ensure. */
        default Document check(Document query) {
            return query;
        }

        /** No index helps: every record is checked. */
        record FullScan() implements Plan {
            @Override
            public PrimitiveIterator.OfLong candidates(RecordTable records, Examined examined) {
                return Candidates.allRecords(records);
            }
        }

        /** The query cannot match anything (contradictory bounds). */
        record Nothing() implements Plan {
            @Override
            public PrimitiveIterator.OfLong candidates(RecordTable records, Examined examined) {
                return Candidates.empty();
            }
        }

        /**
         * Index ranges. {@code ordered}: the entries come in the requested sort order ({@code reverse}: walk the
         * index backwards); each range's {@code prefixLength} bytes are its equalities, which a merge skips.
         */
        record IndexScan(
                SortedIndex index,
                List<Range> ranges,
                boolean ordered,
                boolean reverse,
                @Nullable Document residual) implements Plan {
            @Override
            public Document check(Document query) {
                return residual != null ? residual : query;
            }

            @Override
            public PrimitiveIterator.OfLong candidates(RecordTable records, Examined examined) {
                return Candidates.indexScan(this, examined);
            }

            /** The entries themselves (key, then record id), for answers read from the keys; counted as examined. */
            public java.util.Iterator<byte[]> entries(Examined examined) {
                java.util.Iterator<byte[]> entries = Candidates.entries(this);
                return new java.util.Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return entries.hasNext();
                    }

                    @Override
                    public byte[] next() {
                        examined.keys++;
                        return entries.next();
                    }
                };
            }
        }
    }

    /** Entries from {@code from} inclusive to {@code to} exclusive ({@code to} null: to the end). */
    public record Range(byte[] from, byte @Nullable [] to, int prefixLength) {}

    /** A key's allowed values: a set of points, or a range within one type bracket. */
    record Constraint(
            @Nullable List<Object> points,
            int bracket,
            @Nullable Object low,
            boolean lowInclusive,
            @Nullable Object high,
            boolean highInclusive) {

        static final Constraint NONE_MATCH = new Constraint(List.of(), 0, null, false, null, false);

        static Constraint points(List<Object> values) {
            List<Object> sorted = new ArrayList<>(values);
            sorted.sort(ValueComparator.asc());
            List<Object> distinct = new ArrayList<>(sorted.size());
            for (Object value : sorted) {
                if (distinct.isEmpty() || !same(distinct.get(distinct.size() - 1), value)) {
                    distinct.add(value);
                }
            }
            return new Constraint(distinct, 0, null, false, null, false);
        }

        static Constraint range(
                @Nullable Object low, boolean lowInclusive, @Nullable Object high, boolean highInclusive) {
            Object typed = low != null ? low : high;
            return new Constraint(null, KeyCodec.bracket(typed), low, lowInclusive, high, highInclusive);
        }

        boolean isPoints() {
            return points != null;
        }

        boolean isEmpty() {
            return points != null && points.isEmpty();
        }

        boolean contains(Object value) {
            if (points != null) {
                return points.stream().anyMatch(p -> same(p, value));
            }
            if (KeyCodec.bracket(value) != bracket) {
                return false;
            }
            if (low != null) {
                int c = ValueComparator.asc().compare(value, low);
                if (c < 0 || (c == 0 && !lowInclusive)) {
                    return false;
                }
            }
            if (high != null) {
                int c = ValueComparator.asc().compare(value, high);
                if (c > 0 || (c == 0 && !highInclusive)) {
                    return false;
                }
            }
            return true;
        }

        Constraint and(Constraint other) {
            if (isPoints()) {
                return points(points.stream().filter(other::contains).toList());
            }
            if (other.isPoints()) {
                return other.and(this);
            }
            if (bracket != other.bracket) {
                return NONE_MATCH;
            }
            Object lo = low;
            boolean loInc = lowInclusive;
            if (other.low != null) {
                int c = lo == null ? -1 : ValueComparator.asc().compare(lo, other.low);
                if (c < 0 || (c == 0 && !other.lowInclusive)) {
                    lo = other.low;
                    loInc = other.lowInclusive;
                }
            }
            Object hi = high;
            boolean hiInc = highInclusive;
            if (other.high != null) {
                int c = hi == null ? 1 : ValueComparator.asc().compare(hi, other.high);
                if (c > 0 || (c == 0 && !other.highInclusive)) {
                    hi = other.high;
                    hiInc = other.highInclusive;
                }
            }
            return new Constraint(null, bracket, lo, loInc, hi, hiInc);
        }

        /** The smallest constraint containing both (for the branches of an {@code $or}); null if unbounded. */
        @Nullable
        Constraint hull(Constraint other) {
            if (isPoints() && other.isPoints()) {
                List<Object> all = new ArrayList<>(points);
                all.addAll(other.points);
                return points(all);
            }
            Constraint a = asRange();
            Constraint b = other.asRange();
            if (a == null || b == null || a.bracket != b.bracket) {
                return null;
            }
            Object lo = null;
            boolean loInc = true;
            if (a.low != null && b.low != null) {
                int c = ValueComparator.asc().compare(a.low, b.low);
                lo = c <= 0 ? a.low : b.low;
                loInc = c < 0 ? a.lowInclusive : c > 0 ? b.lowInclusive : a.lowInclusive || b.lowInclusive;
            }
            Object hi = null;
            boolean hiInc = true;
            if (a.high != null && b.high != null) {
                int c = ValueComparator.asc().compare(a.high, b.high);
                hi = c >= 0 ? a.high : b.high;
                hiInc = c > 0 ? a.highInclusive : c < 0 ? b.highInclusive : a.highInclusive || b.highInclusive;
            }
            return new Constraint(null, a.bracket, lo, loInc, hi, hiInc);
        }

        private @Nullable Constraint asRange() {
            if (!isPoints()) {
                return this;
            }
            if (points.isEmpty()) {
                return null;
            }
            int b = KeyCodec.bracket(points.get(0));
            if (points.stream().anyMatch(p -> KeyCodec.bracket(p) != b)) {
                return null;
            }
            return new Constraint(null, b, points.get(0), true, points.get(points.size() - 1), true);
        }

        private static boolean same(Object a, Object b) {
            return KeyCodec.bracket(a) == KeyCodec.bracket(b)
                    && ValueComparator.asc().compare(a, b) == 0;
        }
    }

    // ---- analysis of a query ----

    /** The constraints a query puts on each top-level or dotted field, from its conjunction and fully-bounding ors. */
    static Map<String, Constraint> constraints(Document query) {
        Map<String, Constraint> result = new LinkedHashMap<>();
        List<List<Document>> ors = new ArrayList<>();
        collect(query, result, ors);
        for (List<Document> branches : ors) {
            Map<String, Constraint> hull = null;
            for (Document branch : branches) {
                Map<String, Constraint> own = constraints(branch);
                if (hull == null) {
                    hull = new LinkedHashMap<>(own);
                } else {
                    Map<String, Constraint> merged = new LinkedHashMap<>();
                    for (var entry : hull.entrySet()) {
                        Constraint theirs = own.get(entry.getKey());
                        Constraint both =
                                theirs == null ? null : entry.getValue().hull(theirs);
                        if (both != null) {
                            merged.put(entry.getKey(), both);
                        }
                    }
                    hull = merged;
                }
            }
            if (hull != null) {
                hull.forEach((field, c) -> result.merge(field, c, Constraint::and));
            }
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static void collect(Document query, Map<String, Constraint> result, List<List<Document>> ors) {
        for (Map.Entry<String, Object> entry : query.entrySet()) {
            String key = entry.getKey();
            Object value = entry.getValue();
            if (key.equals("$and") && value instanceof Collection<?> parts) {
                for (Object part : parts) {
                    if (part instanceof Document d) {
                        collect(d, result, ors);
                    }
                }
            } else if (key.equals("$or") && value instanceof Collection<?> branches) {
                List<Document> docs = new ArrayList<>();
                for (Object branch : branches) {
                    if (branch instanceof Document d) {
                        docs.add(d);
                    } else {
                        return;
                    }
                }
                ors.add(docs);
            } else if (!key.startsWith("$")) {
                Constraint c = constraint(value);
                if (c != null) {
                    result.merge(key, c, Constraint::and);
                }
            }
        }
    }

    /** What one field condition allows, or null when it does not bound the field (e.g. {@code $ne}, a regex). */
    static @Nullable Constraint constraint(@Nullable Object condition) {
        if (condition instanceof Document operators && isOperatorDocument(operators)) {
            Constraint result = null;
            for (Map.Entry<String, Object> op : operators.entrySet()) {
                Object arg = op.getValue();
                Constraint c = switch (op.getKey()) {
                    case "$eq" -> usable(arg) ? Constraint.points(List.of(arg)) : null;
                    case "$in" -> inValues(arg);
                    case "$gt" -> usable(arg) ? Constraint.range(arg, false, null, false) : null;
                    case "$gte" -> usable(arg) ? Constraint.range(arg, true, null, false) : null;
                    case "$lt" -> usable(arg) ? Constraint.range(null, false, arg, false) : null;
                    case "$lte" -> usable(arg) ? Constraint.range(null, false, arg, true) : null;
                    default -> null;
                };
                if (c != null) {
                    result = result == null ? c : result.and(c);
                }
            }
            return result;
        }
        return usable(condition) ? Constraint.points(List.of(condition)) : null;
    }

    private static @Nullable Constraint inValues(Object arg) {
        if (!(arg instanceof Collection<?> values)) {
            return null;
        }
        List<Object> points = new ArrayList<>();
        for (Object value : values) {
            if (!usable(value)) {
                return null;
            }
            points.add(value);
        }
        return Constraint.points(points);
    }

    private static boolean isOperatorDocument(Document document) {
        return !document.isEmpty() && document.keySet().iterator().next().startsWith("$");
    }

    /** Scalars whose index entries and query semantics agree (no null, arrays, documents or regexes). */
    static boolean usable(@Nullable Object value) {
        return (value instanceof String
                        || value instanceof Number
                        || value instanceof Instant
                        || value instanceof ObjectId
                        || value instanceof Boolean
                        || value instanceof UUID)
                && !(value instanceof BsonRegularExpression)
                && KeyCodec.orderable(value);
    }

    // ---- choosing a plan ----

    /** The plan for {@code query}, sorted by {@code orderBy} (may be null), returning at most {@code limit} (0: all). */
    public static Plan plan(Document query, @Nullable Document orderBy, int limit, List<SortedIndex> indexes) {
        Map<String, Constraint> constraints = constraints(query);
        if (constraints.values().stream().anyMatch(Constraint::isEmpty)) {
            return new Plan.Nothing();
        }
        List<IndexKey> sort = sortKeys(orderBy);
        Plan best = new Plan.FullScan();
        int bestScore = 0;
        for (SortedIndex index : indexes) {
            Candidate candidate = candidate(index, constraints, sort);
            if (candidate == null) {
                continue;
            }
            int score = candidate.score(!sort.isEmpty() && limit > 0);
            if (score > bestScore) {
                bestScore = score;
                best = candidate.plan(residual(query, candidate));
            }
        }
        return best;
    }

    private record Candidate(
            SortedIndex index, int equalities, boolean range, boolean ordered, boolean reverse, List<Range> ranges) {
        int score(boolean wantsOrder) {
            if (equalities == 0 && !range && !ordered) {
                return 0;
            }
            int score = equalities * 10 + (range ? 5 : 0);
            if (index.isUnique() && equalities == index.size()) {
                score += 1000;
            }
            if (ordered) {
                score += wantsOrder ? 500 : 1;
            } else if (equalities == 0 && !range) {
                return 0;
            }
            return score;
        }

        Plan plan(@Nullable Document residual) {
            return new Plan.IndexScan(index, ranges, ordered, reverse, residual);
        }
    }

    /**
     * The conditions a candidate's ranges do not already ensure, or null when that cannot be told (the whole query is
     * checked). String equalities ({@code $eq}, {@code $in}) on the index's leading keys are ensured by the bounds of
     * an index with one entry per document; the rest is checked. A chart reads every entry of a customer this way
     * without checking {@code {tenant, customerId}} again, which cost as much as reading it, and its read of the score
     * changes checks only their type.
     */
    private static @Nullable Document residual(Document query, Candidate candidate) {
        if (candidate.index().isMultikey() || candidate.equalities() == 0) {
            return null;
        }
        Map<String, Object> conditions = new LinkedHashMap<>();
        if (!flatten(query, conditions)) {
            return null;
        }
        List<IndexKey> keys = candidate.index().getKeys();
        for (int i = 0; i < candidate.equalities(); i++) {
            if (!stringPoints(conditions.remove(keys.get(i).getKey()))) {
                return null;
            }
        }
        return new Document(conditions);
    }

    /** The query's conditions by field, through {@code $and}; false for anything else ({@code $or}, a field twice). */
    private static boolean flatten(Document query, Map<String, Object> into) {
        for (Map.Entry<String, Object> entry : query.entrySet()) {
            if (entry.getKey().equals("$and") && entry.getValue() instanceof List<?> parts) {
                for (Object part : parts) {
                    if (!(part instanceof Document d) || !flatten(d, into)) {
                        return false;
                    }
                }
            } else if (entry.getKey().startsWith("$") || into.put(entry.getKey(), entry.getValue()) != null) {
                return false;
            }
        }
        return true;
    }

    private static boolean stringPoints(@Nullable Object condition) {
        if (condition instanceof String s) {
            return encodedExactly(s);
        }
        if (condition instanceof Document operators && operators.size() == 1) {
            if (operators.containsKey("$eq")) {
                return operators.get("$eq") instanceof String s && encodedExactly(s);
            }
            return operators.get("$in") instanceof Collection<?> values
                    && !values.isEmpty()
                    && values.stream().allMatch(v -> v instanceof String s && encodedExactly(s));
        }
        return false;
    }

    /** UTF-8 turns a lone surrogate into '?': a key with either may stand for more than one string. */
    private static boolean encodedExactly(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '?' || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static @Nullable Candidate candidate(
            SortedIndex index, Map<String, Constraint> constraints, List<IndexKey> sort) {
        List<IndexKey> keys = index.getKeys();
        List<List<Object>> pointLists = new ArrayList<>();
        Constraint range = null;
        long combinations = 1;
        for (IndexKey key : keys) {
            Constraint c = constraints.get(key.getKey());
            if (c == null) {
                break;
            }
            if (c.isPoints()) {
                long limit = pointLists.isEmpty() ? MAX_FIRST_KEY_POINTS : MAX_POINT_PREFIXES;
                if (combinations * c.points().size() > limit) {
                    break;
                }
                combinations *= c.points().size();
                pointLists.add(c.points());
                continue;
            }
            if (!index.isMultikey()) {
                range = c;
            }
            break;
        }
        int equalities = pointLists.size();
        // The index gives the sort order if the sort keys are the keys after the equalities, all in the index's
        // directions or all reversed.
        boolean ordered = false;
        boolean reverse = false;
        if (!sort.isEmpty() && index.isOrdered() && !index.isMultikey() && equalities + sort.size() <= keys.size()) {
            ordered = true;
            for (int i = 0; i < sort.size(); i++) {
                IndexKey want = sort.get(i);
                IndexKey have = keys.get(equalities + i);
                if (!want.getKey().equals(have.getKey())) {
                    ordered = false;
                    break;
                }
                boolean flipped = want.isAscending() != have.isAscending();
                if (i == 0) {
                    reverse = flipped;
                } else if (flipped != reverse) {
                    ordered = false;
                    break;
                }
            }
        }
        if (equalities == 0 && range == null && !ordered) {
            return null;
        }
        List<Range> ranges = new ArrayList<>();
        for (List<Object> prefix : product(pointLists)) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < prefix.size(); i++) {
                out.writeBytes(index.encodeComponent(i, prefix.get(i)));
            }
            byte[] bytes = out.toByteArray();
            ranges.add(range == null ? prefixRange(bytes) : boundedRange(index, bytes, equalities, range));
        }
        return new Candidate(index, equalities, range != null, ordered, reverse, ranges);
    }

    private static Range prefixRange(byte[] prefix) {
        return new Range(prefix, prefix.length == 0 ? null : KeyCodec.successor(prefix), prefix.length);
    }

    private static Range boundedRange(SortedIndex index, byte[] prefix, int component, Constraint range) {
        boolean desc = index.descending(component);
        // In key order: ascending keys go from the low value up, descending keys from the high value down.
        Object first = desc ? range.high() : range.low();
        boolean firstInclusive = desc ? range.highInclusive() : range.lowInclusive();
        Object last = desc ? range.low() : range.high();
        boolean lastInclusive = desc ? range.lowInclusive() : range.highInclusive();
        byte[] from = first == null
                ? concat(prefix, KeyCodec.bracketStart(range.bracket(), desc))
                : firstInclusive
                        ? concat(prefix, index.encodeComponent(component, first))
                        : KeyCodec.successor(concat(prefix, index.encodeComponent(component, first)));
        byte[] to = last == null
                ? concat(prefix, KeyCodec.bracketEnd(range.bracket(), desc))
                : lastInclusive
                        ? KeyCodec.successor(concat(prefix, index.encodeComponent(component, last)))
                        : concat(prefix, index.encodeComponent(component, last));
        return new Range(from, to, prefix.length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static List<List<Object>> product(List<List<Object>> lists) {
        List<List<Object>> result = new ArrayList<>();
        result.add(List.of());
        for (List<Object> options : lists) {
            List<List<Object>> next = new ArrayList<>();
            for (List<Object> prefix : result) {
                for (Object option : options) {
                    List<Object> extended = new ArrayList<>(prefix);
                    extended.add(option);
                    next.add(extended);
                }
            }
            result = next;
        }
        return result;
    }

    static List<IndexKey> sortKeys(@Nullable Document orderBy) {
        List<IndexKey> keys = new ArrayList<>();
        if (orderBy == null) {
            return keys;
        }
        for (Map.Entry<String, Object> entry : orderBy.entrySet()) {
            if (entry.getKey().startsWith("$") || !(entry.getValue() instanceof Number n)) {
                return List.of(new IndexKey("$unsortable", true));
            }
            keys.add(new IndexKey(entry.getKey(), n.doubleValue() > 0));
        }
        return keys;
    }
}
