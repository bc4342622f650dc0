package dev.timeline.api.timeline;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** A page, newest first; {@code nextCursor} fetches the next one and is absent on the last page. */
public record TimelinePage(
        List<TimelineItem> items, @Nullable String nextCursor, int limit) {}
