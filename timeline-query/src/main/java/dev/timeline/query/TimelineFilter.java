package dev.timeline.query;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The filters a user can combine; an empty set means "no restriction". {@code words} are already folded (lower case,
 * no diacritics) and must all occur in the event name or summary.
 */
public record TimelineFilter(
        List<String> words,
        Set<String> types,
        Set<String> excludedTypes,
        Set<String> sources,
        Set<String> excludedSources,
        Set<String> channels,
        Set<String> directions,
        Set<String> staff,
        @Nullable Instant from,
        @Nullable Instant to) {

    public static final TimelineFilter NONE = new TimelineFilter(
            List.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), null, null);

    /** A stable text of the filter, so a cursor can be tied to the filters it was issued for. */
    public String fingerprint() {
        return String.join(
                "|",
                String.join(" ", words),
                sorted(types),
                sorted(excludedTypes),
                sorted(sources),
                sorted(excludedSources),
                sorted(channels),
                sorted(directions),
                sorted(staff),
                String.valueOf(from),
                String.valueOf(to));
    }

    private static String sorted(Set<String> values) {
        return String.join(",", values.stream().sorted().toList());
    }
}
