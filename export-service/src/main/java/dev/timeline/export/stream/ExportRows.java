package dev.timeline.export.stream;

import static dev.timeline.events.store.TimelineFields.*;

import dev.timeline.events.EventType;
import dev.timeline.events.store.Summaries;
import dev.timeline.events.store.Tickets;
import dev.timeline.export.format.ExportRow;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/** A stored timeline entry as an export row, times in the tenant's zone and in UTC. */
public final class ExportRows {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private ExportRows() {}

    public static ExportRow of(Document d, ZoneId zone) {
        return of(d, zone, null);
    }

    /** {@code ticket}: the entry's ticket's current state ({@code tickets} collection), if known. */
    public static ExportRow of(Document d, ZoneId zone, @Nullable Document ticket) {
        var at = d.getDate(OCCURRED_AT).toInstant();
        Document staff = d.get(STAFF, Document.class);
        Document detail = d.get(DETAIL, Document.class);
        detail = detail == null ? new Document() : detail;
        List<Document> attachments = d.getList(ATTACHMENTS, Document.class, List.of());
        boolean call = "call".equals(d.getString(KIND));
        boolean email = "email".equals(d.getString(KIND));
        boolean sent = EventType.EMAIL_SENT.wire().equals(d.getString(TYPE));
        return new ExportRow(
                LOCAL.format(at.atZone(zone)),
                at.toString(),
                text(d.getString(CHANNEL)),
                text(d.getString(NAME)),
                text(d.getString(TYPE)),
                text(d.getString(DIRECTION)),
                text(Summaries.of(d.getString(SUMMARY), d.getString(CONTENT))),
                text(d.getString(CONTENT)),
                staff == null
                        ? ""
                        : staff.getString("name") != null
                                ? staff.getString("name") + " (" + staff.getString("id") + ")"
                                : staff.getString("id"),
                text(d.getString(TICKET_ID)),
                ticket == null ? "" : text(ticket.getString(Tickets.STATUS)),
                ticket == null ? "" : text(ticket.getString(Tickets.PRIORITY)),
                attachments.stream()
                        .map(a -> a.getString("name") + " <" + a.getString("url") + ">")
                        .collect(Collectors.joining("; ")),
                call ? text(detail.getString("status")) : "",
                call && detail.get("durationSeconds") != null ? String.valueOf(detail.get("durationSeconds")) : "",
                call ? text(detail.getString("recordingUrl")) : "",
                email ? text(detail.getString("subject")) : "",
                sent ? String.valueOf(Boolean.TRUE.equals(detail.getBoolean("opened"))) : "",
                sent ? String.valueOf(detail.getInteger("openCount", 0)) : "");
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
