package dev.timeline.query;

import static dev.timeline.events.store.TimelineFields.*;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

/**
 * The MongoDB criteria of a timeline request. Every value a caller sent is used as a literal (equality, {@code $in},
 * a quoted substring), never as an operator or a pattern, and the tenant is always part of the criteria.
 */
public final class TimelineCriteria {
    /** Newest first; the id breaks ties, so equal timestamps still have one stable order. */
    public static final Bson NEWEST_FIRST = Sorts.descending(OCCURRED_AT, ID);

    private TimelineCriteria() {}

    public static Bson of(String tenant, Scope scope, TimelineFilter filter) {
        List<Bson> all = new ArrayList<>();
        all.add(Filters.eq(TENANT, tenant));
        all.add(scope.criterion());
        add(all, filter.types(), v -> Filters.in(TYPE, v));
        add(all, filter.excludedTypes(), v -> Filters.nin(TYPE, v));
        add(all, filter.sources(), v -> Filters.in(SOURCE, v));
        add(all, filter.excludedSources(), v -> Filters.nin(SOURCE, v));
        add(all, filter.channels(), v -> Filters.in(CHANNEL, v));
        add(all, filter.directions(), v -> Filters.in(DIRECTION, v));
        add(all, filter.staff(), v -> Filters.in(STAFF + ".id", v));
        if (filter.from() != null) {
            all.add(Filters.gte(OCCURRED_AT, Date.from(filter.from())));
        }
        if (filter.to() != null) {
            all.add(Filters.lte(OCCURRED_AT, Date.from(filter.to())));
        }
        for (String word : filter.words()) {
            all.add(Filters.regex(SEARCH, literal(word)));
        }
        return Filters.and(all);
    }

    /** The criteria of the page after {@code cursor}: strictly older, or as old with a smaller id. */
    public static Bson after(Bson criteria, @Nullable Cursor cursor) {
        if (cursor == null) {
            return criteria;
        }
        Date at = Date.from(cursor.occurredAt());
        return Filters.and(
                criteria,
                Filters.or(
                        Filters.lt(OCCURRED_AT, at),
                        Filters.and(Filters.eq(OCCURRED_AT, at), Filters.lt(ID, cursor.id()))));
    }

    /** A regular expression matching {@code text} literally: every metacharacter escaped, nothing left to interpret. */
    static String literal(String text) {
        StringBuilder pattern = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            if ("\\^$.|?*+()[]{}-/".indexOf(c) >= 0) {
                pattern.append('\\');
            }
            pattern.append(c);
        }
        return pattern.toString();
    }

    private static void add(List<Bson> all, Set<String> values, Function<List<String>, Bson> criterion) {
        if (!values.isEmpty()) {
            all.add(criterion.apply(List.copyOf(values)));
        }
    }
}
