package dev.timeline.wirestore.backend;

import de.bwaldvogel.mongo.bson.Document;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A query {@code {field: {$in: [strings]}}} — how ingest looks entries up by id, hundreds or thousands at once —
 * matched with a hash set. mongo-java-server's matcher walks the whole list for every document, so a look-up of n ids
 * cost n² comparisons.
 */
record InList(String field, Set<String> values) {

    /** The query as an {@code InList}, or null when it has another shape. */
    static @Nullable InList of(Document query) {
        if (query.size() != 1) {
            return null;
        }
        var entry = query.entrySet().iterator().next();
        String field = entry.getKey();
        if (field.startsWith("$") || field.contains(".")) {
            return null;
        }
        if (!(entry.getValue() instanceof Document condition)
                || condition.size() != 1
                || !(condition.get("$in") instanceof Collection<?> list)) {
            return null;
        }
        Set<String> values = new HashSet<>();
        for (Object value : list) {
            if (!(value instanceof String s)) {
                return null;
            }
            values.add(s);
        }
        return new InList(field, values);
    }

    /** Whether the document matches; null when only the full matcher can tell (the field holds an array). */
    @Nullable
    Boolean matches(Document document) {
        Object value = document.get(field);
        if (value instanceof String s) {
            return values.contains(s);
        }
        if (value instanceof List<?>) {
            return null;
        }
        return false; // missing, null or of another type: equal to none of the strings
    }
}
