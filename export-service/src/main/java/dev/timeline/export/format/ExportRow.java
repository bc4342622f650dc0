package dev.timeline.export.format;

import java.util.List;

/**
 * One exported interaction. {@link #COLUMNS} are the header of every format; {@link #values()} follows their order.
 * The content itself is exported, not just metadata. A sent e-mail's {@code email_opened} ({@code true}/{@code false})
 * and {@code email_open_count} come from its tracking events, folded into it at ingest; {@code ticket_status} and
 * {@code ticket_priority} are the ticket's current state, not the state when the event happened.
 */
public record ExportRow(
        String timeLocal,
        String timeUtc,
        String channel,
        String eventName,
        String type,
        String direction,
        String summary,
        String content,
        String staff,
        String ticket,
        String ticketStatus,
        String ticketPriority,
        String attachments,
        String callStatus,
        String callDurationSeconds,
        String recordingUrl,
        String emailSubject,
        String emailOpened,
        String emailOpenCount) {

    public static final List<String> COLUMNS = List.of(
            "time_local",
            "time_utc",
            "channel",
            "event_name",
            "type",
            "direction",
            "summary",
            "content",
            "staff",
            "ticket",
            "ticket_status",
            "ticket_priority",
            "attachments",
            "call_status",
            "call_duration_seconds",
            "recording_url",
            "email_subject",
            "email_opened",
            "email_open_count");

    public List<String> values() {
        return List.of(
                timeLocal,
                timeUtc,
                channel,
                eventName,
                type,
                direction,
                summary,
                content,
                staff,
                ticket,
                ticketStatus,
                ticketPriority,
                attachments,
                callStatus,
                callDurationSeconds,
                recordingUrl,
                emailSubject,
                emailOpened,
                emailOpenCount);
    }
}
