package dev.timeline.api.timeline;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One row of the timeline. {@code detail} holds the kind's own fields (a call's {@code durationSeconds},
 * {@code status}, {@code recordingUrl}; an e-mail's {@code subject}, {@code preview}; a ticket change's {@code from},
 * {@code to}; an automation's {@code action}, {@code sentVia}); {@code email} says whether and when a sent mail was
 * delivered, opened and clicked. {@code content} is cut at 1000 characters in lists ({@code contentTruncated}); the event endpoint gives it
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
        @Nullable EmailTracking email,
        @Nullable List<Step> history) {

    /** One of the events a call or an e-mail entry was built from, oldest first. */
    public record Step(String type, Instant at) {}

    public record Person(String id, @Nullable String name) {}

    /** The ticket, with its current title, priority and status (absent until the ticket's events have arrived). */
    public record TicketLink(
            String id,
            String url,
            @Nullable String title,
            @Nullable String priority,
            @Nullable String status) {}

    /** A sent e-mail's tracking, from its delivered, opened and clicked events, whichever order they came in. */
    public record EmailTracking(
            boolean delivered,
            boolean opened,
            @Nullable Instant firstOpenedAt,
            @Nullable Instant lastOpenedAt,
            int openCount,
            int clickCount) {}
}
