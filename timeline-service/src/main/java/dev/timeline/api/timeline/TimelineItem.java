package dev.timeline.api.timeline;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One row of the timeline. {@code detail} holds the kind's own fields (a call's {@code durationSeconds},
 * {@code status}, {@code recordingUrl}; an e-mail's {@code subject}, {@code preview}; a ticket change's {@code from},
 * {@code to}; an automation's {@code action}, {@code sentVia}); {@code email} says whether and when a sent mail was
 * opened. {@code content} is cut at 1000 characters in lists ({@code contentTruncated}); the event endpoint gives it
 * whole.
 */
public record TimelineItem(
        String id,
        Instant occurredAt,
        String type,
        String kind,
        String name,
        String channel,
        String channelLabel,
        String direction,
        String source,
        String customerId,
        @Nullable String summary,
        @Nullable String content,
        @Nullable Boolean contentTruncated,
        @Nullable Person staff,
        @Nullable TicketLink ticket,
        List<Map<String, Object>> attachments,
        Map<String, Object> detail,
        @Nullable EmailTracking email) {

    public record Person(String id, @Nullable String name) {}

    public record TicketLink(String id, String url) {}

    public record EmailTracking(boolean opened, @Nullable Instant firstOpenedAt, int openCount) {}
}
