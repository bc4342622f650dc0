package dev.timeline.api.facets;

import dev.timeline.api.timeline.TimelinePage;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The choices a timeline's filters offer, each with the number of entries it would show. A list counts the entries
 * that pass every other filter of the request, not its own: with {@code channel=zalo}, the channel list still shows
 * what choosing another channel would give (the usual faceted search), while the other lists count only Zalo entries.
 * Names come with types (a type's name); the text filter {@code q} and the date range apply to every list.
 *
 * @param total the entries that pass every filter, as the timeline would page them
 * @param customer whose timeline this is, on a customer's facets (as on its page); absent on a ticket's
 */
public record Facets(
        long total,
        List<Value> names,
        List<Value> types,
        List<Value> sources,
        List<Value> channels,
        List<Value> directions,
        List<Value> staff,
        TimelinePage.@Nullable Customer customer) {

    /**
     * @param value what the filter takes ({@code type=}, {@code source=}, {@code channel=}, {@code direction=},
     *     {@code staff=}; a name is a word list for {@code q=})
     * @param label what a drop-down shows: a type's event name, a channel's display name, a staff member's name
     * @param count entries shown when this value is chosen alone, the other filters kept
     */
    public record Value(String value, String label, long count) {}
}
