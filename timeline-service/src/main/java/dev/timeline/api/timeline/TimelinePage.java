package dev.timeline.api.timeline;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A page, newest first; {@code nextCursor} fetches the next one and is absent on the last page. A customer's timeline
 * says whose it is: {@code customer.id} is the surviving customer when the requested one was merged into another, or
 * the customer an anonymous contact's identity is linked to; {@code customer.mergedIds} are the customers merged into
 * it, whose history the timeline includes.
 */
public record TimelinePage(
        List<TimelineItem> items,
        @Nullable String nextCursor,
        int limit,
        @Nullable Customer customer) {

    public record Customer(String id, String requested, List<String> mergedIds) {}

    TimelinePage of(Customer customer) {
        return new TimelinePage(items, nextCursor, limit, customer);
    }
}
