package dev.timeline.ingest.normalize;

import static dev.timeline.events.store.TimelineFields.*;

import dev.timeline.events.Attachment;
import dev.timeline.events.CallAnswered;
import dev.timeline.events.CallEnded;
import dev.timeline.events.CallMissed;
import dev.timeline.events.CallRecordingReady;
import dev.timeline.events.CallStarted;
import dev.timeline.events.Channel;
import dev.timeline.events.ChatbotReplied;
import dev.timeline.events.CustomersMerged;
import dev.timeline.events.Direction;
import dev.timeline.events.EmailClicked;
import dev.timeline.events.EmailDelivered;
import dev.timeline.events.EmailOpened;
import dev.timeline.events.EmailReceived;
import dev.timeline.events.EmailSent;
import dev.timeline.events.EventType;
import dev.timeline.events.Identity;
import dev.timeline.events.IdentityLinked;
import dev.timeline.events.IdentityUnlinked;
import dev.timeline.events.MergeUndone;
import dev.timeline.events.MessageReceived;
import dev.timeline.events.MessageSent;
import dev.timeline.events.Payload;
import dev.timeline.events.ScoreChanged;
import dev.timeline.events.SearchText;
import dev.timeline.events.StageChanged;
import dev.timeline.events.TicketCommented;
import dev.timeline.events.TicketCreated;
import dev.timeline.events.TicketPriorityChanged;
import dev.timeline.events.TicketStatusChanged;
import dev.timeline.events.TimelineEvent;
import dev.timeline.events.TriggerFired;
import dev.timeline.events.Violations;
import dev.timeline.events.WorkflowExecuted;
import dev.timeline.events.store.EntryIds;
import dev.timeline.events.store.Summaries;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Turns a decoded event into its timeline document. Pure: the same event always gives the same document. An erase
 * ({@link EventType#CUSTOMER_ERASED}) has none: it removes documents.
 */
@Component
public class TimelineEntries {
    static final int SUMMARY_MAX = Summaries.MAX;

    public Document toDocument(TimelineEvent event, Instant receivedAt) {
        EventType type = event.type();
        Entry entry = describe(event.payload(), event.ticketId());
        Document doc = new Document(ID, EntryIds.of(event.tenant(), event.source(), event.id()))
                .append(TENANT, event.tenant())
                .append(CUSTOMER_ID, event.customer().key())
                .append(OCCURRED_AT, Date.from(event.time()))
                .append(RECEIVED_AT, Date.from(receivedAt))
                .append(SOURCE, event.source())
                .append(EVENT_ID, event.id())
                .append(TYPE, type.wire())
                .append(KIND, type.kind().wire())
                .append(NAME, type.displayName())
                .append(CHANNEL, entry.channel().wire())
                .append(DIRECTION, entry.direction().wire());
        Identity identity = event.customer().identity();
        if (identity != null) {
            doc.append(IDENTITY, new Document("kind", identity.kind().wire()).append("value", identity.value()));
        }
        if (event.staff() != null) {
            doc.append(
                    STAFF,
                    putIfPresent(
                            new Document("id", event.staff().id()),
                            "name",
                            event.staff().name()));
        }
        putIfPresent(doc, TICKET_ID, event.ticketId());
        String summary = entry.summary() != null ? entry.summary() : attachmentsSummary(event.attachments());
        if (!entry.summaryIsContent() && !Summaries.derivable(summary, entry.content())) {
            putIfPresent(doc, SUMMARY, summary);
        }
        putIfPresent(doc, CONTENT, entry.content());
        if (!event.attachments().isEmpty()) {
            doc.append(
                    ATTACHMENTS,
                    event.attachments().stream()
                            .map(TimelineEntries::attachment)
                            .toList());
        }
        doc.append(DETAIL, entry.detail());
        putIfPresent(doc, CORRELATION_ID, entry.correlationId());
        doc.append(SEARCH, SearchText.fold(type.displayName() + " " + (summary == null ? "" : summary)));
        doc.append(SCHEMA_VERSION, TimelineEvent.SCHEMA_VERSION);
        return doc;
    }

    /**
     * What a kind contributes: where it happened, which way, the list line, the full content, the detail.
     * {@code summaryIsContent}: the summary is {@code Summaries.abbreviate(content)}, known without computing it again.
     */
    private record Entry(
            Channel channel,
            Direction direction,
            @Nullable String summary,
            @Nullable String content,
            Document detail,
            @Nullable String correlationId,
            boolean summaryIsContent) {

        Entry(
                Channel channel,
                Direction direction,
                @Nullable String summary,
                @Nullable String content,
                Document detail,
                @Nullable String correlationId) {
            this(channel, direction, summary, content, detail, correlationId, false);
        }
    }

    private static Entry describe(Payload payload, @Nullable String ticketId) {
        if (payload instanceof MessageReceived m) {
            return message(m.channel(), Direction.INBOUND, m.conversationId(), m.text());
        } else if (payload instanceof MessageSent m) {
            return message(m.channel(), Direction.OUTBOUND, m.conversationId(), m.text());
        } else if (payload instanceof CallStarted c) {
            return call(c.callId(), c.direction(), c.hotline(), "ringing", null).build("Đang đổ chuông");
        } else if (payload instanceof CallAnswered c) {
            return call(c.callId(), c.direction(), c.hotline(), "answered", null)
                    .build("Đã trả lời");
        } else if (payload instanceof CallMissed c) {
            var call = call(c.callId(), c.direction(), c.hotline(), "missed", null);
            putIfPresent(call.detail, "ringSeconds", c.ringSeconds());
            return call.build("Nhỡ" + (c.ringSeconds() == null ? "" : " sau " + Durations.vietnamese(c.ringSeconds())));
        } else if (payload instanceof CallEnded c) {
            var call = call(c.callId(), c.direction(), c.hotline(), c.outcome().wire(), c.durationSeconds());
            putIfPresent(call.detail, "recordingUrl", c.recordingUrl());
            return call.build(outcome(c.outcome()) + " · " + Durations.vietnamese(c.durationSeconds()));
        } else if (payload instanceof CallRecordingReady c) {
            Document detail = new Document("callId", c.callId()).append("recordingUrl", c.recordingUrl());
            putIfPresent(detail, "durationSeconds", c.durationSeconds());
            Direction direction = c.direction() == null ? Direction.INBOUND : c.direction();
            return new Entry(Channel.PHONE, direction, "Bản ghi âm đã sẵn sàng", null, detail, c.callId());
        } else if (payload instanceof EmailReceived e) {
            return email(Direction.INBOUND, e.messageId(), e.subject(), e.preview(), e.body(), "from", e.from(), null);
        } else if (payload instanceof EmailSent e) {
            return email(
                    Direction.OUTBOUND, e.messageId(), e.subject(), e.preview(), e.body(), "to", e.to(), e.campaign());
        } else if (payload instanceof EmailDelivered e) {
            return emailStatus(Direction.OUTBOUND, e.messageId(), "delivered", "Email đã tới hộp thư", new Document());
        } else if (payload instanceof EmailOpened e) {
            return emailStatus(
                    Direction.INBOUND,
                    e.messageId(),
                    "opened",
                    "Khách hàng đã mở email",
                    putIfPresent(new Document(), "userAgent", e.userAgent()));
        } else if (payload instanceof EmailClicked e) {
            return emailStatus(
                    Direction.INBOUND, e.messageId(), "clicked", "Nhấp vào " + e.url(), new Document("url", e.url()));
        } else if (payload instanceof TicketCreated t) {
            Document detail = new Document("title", t.title());
            putIfPresent(
                    detail,
                    "priority",
                    t.priority() == null ? null : t.priority().wire());
            putIfPresent(
                    detail, "status", t.status() == null ? null : t.status().wire());
            return new Entry(Channel.TICKET, Direction.INBOUND, t.title(), t.description(), detail, ticketId);
        } else if (payload instanceof TicketCommented t) {
            Direction direction =
                    t.visibility() == TicketCommented.Visibility.INTERNAL ? Direction.INTERNAL : Direction.OUTBOUND;
            return new Entry(
                    Channel.TICKET,
                    direction,
                    abbreviate(t.comment()),
                    t.comment(),
                    new Document("visibility", t.visibility().wire()),
                    ticketId);
        } else if (payload instanceof TicketPriorityChanged t) {
            Document detail = new Document("to", t.to().wire());
            putIfPresent(detail, "from", t.from() == null ? null : t.from().wire());
            String from = t.from() == null ? "" : t.from().label() + " → ";
            return new Entry(
                    Channel.TICKET, Direction.INTERNAL, "Độ ưu tiên: " + from + t.to().label(), null, detail, ticketId);
        } else if (payload instanceof TicketStatusChanged t) {
            Document detail = new Document("to", t.to().wire());
            putIfPresent(detail, "from", t.from() == null ? null : t.from().wire());
            putIfPresent(detail, "processingSeconds", t.processingSeconds());
            String from = t.from() == null ? "" : t.from().label() + " → ";
            String took =
                    t.processingSeconds() == null ? "" : " · xử lý " + Durations.vietnamese(t.processingSeconds());
            return new Entry(
                    Channel.TICKET,
                    Direction.INTERNAL,
                    "Trạng thái: " + from + t.to().label() + took,
                    null,
                    detail,
                    ticketId);
        } else if (payload instanceof WorkflowExecuted w) {
            return automation(
                    Channel.WORKFLOW,
                    "workflowId",
                    w.workflowId(),
                    w.workflowName(),
                    w.action(),
                    w.sentVia(),
                    w.content());
        } else if (payload instanceof ChatbotReplied c) {
            Document detail = new Document("botId", c.botId())
                    .append("sentVia", c.channel().wire());
            putIfPresent(detail, "botName", c.botName());
            return new Entry(Channel.CHATBOT, Direction.OUTBOUND, abbreviate(c.text()), c.text(), detail, null);
        } else if (payload instanceof TriggerFired t) {
            return automation(
                    Channel.TRIGGER, "triggerId", t.triggerId(), t.triggerName(), t.action(), t.sentVia(), t.content());
        } else if (payload instanceof StageChanged s) {
            Document detail = new Document("to", s.to());
            putIfPresent(detail, "from", s.from());
            putIfPresent(detail, "pipeline", s.pipeline());
            String from = s.from() == null ? "" : s.from() + " → ";
            return new Entry(Channel.CRM, Direction.INTERNAL, "Giai đoạn: " + from + s.to(), null, detail, null);
        } else if (payload instanceof ScoreChanged s) {
            Document detail = new Document("delta", s.delta()).append("total", s.total());
            putIfPresent(detail, "reason", s.reason());
            String delta = (s.delta() >= 0 ? "+" : "") + s.delta();
            String reason = s.reason() == null ? "" : " · " + s.reason();
            return new Entry(
                    Channel.CRM,
                    Direction.INTERNAL,
                    delta + " điểm (tổng " + s.total() + ")" + reason,
                    null,
                    detail,
                    null);
        }
        if (payload instanceof IdentityLinked l) {
            return identityChange(l.identity(), "Liên kết ");
        } else if (payload instanceof IdentityUnlinked u) {
            return identityChange(u.identity(), "Gỡ liên kết ");
        } else if (payload instanceof CustomersMerged m) {
            return new Entry(
                    Channel.CRM,
                    Direction.INTERNAL,
                    "Hợp nhất khách hàng " + m.mergedCustomerId() + " vào hồ sơ này",
                    null,
                    new Document("mergedCustomerId", m.mergedCustomerId()),
                    null);
        } else if (payload instanceof MergeUndone m) {
            return new Entry(
                    Channel.CRM,
                    Direction.INTERNAL,
                    "Hủy hợp nhất khách hàng " + m.mergedCustomerId(),
                    null,
                    new Document("mergedCustomerId", m.mergedCustomerId()),
                    null);
        }
        throw new IllegalArgumentException(
                "no normalization for " + payload.getClass().getSimpleName());
    }

    private static Entry identityChange(Identity identity, String what) {
        Document detail = new Document("identity", identity.key());
        return new Entry(
                Channel.CRM,
                Direction.INTERNAL,
                what + kindLabel(identity) + " " + identity.value(),
                null,
                detail,
                null);
    }

    private static String kindLabel(Identity identity) {
        return switch (identity.kind()) {
            case PHONE -> "số điện thoại";
            case EMAIL -> "email";
            case FACEBOOK -> "Facebook";
            case INSTAGRAM -> "Instagram";
            case ZALO -> "Zalo";
            case LIVECHAT -> "Livechat";
            case VIBER -> "Viber";
            case TELEGRAM -> "Telegram";
        };
    }

    private static Entry message(
            Channel channel, Direction direction, @Nullable String conversationId, @Nullable String text) {
        Document detail = putIfPresent(new Document(), "conversationId", conversationId);
        String summary = text == null || text.isBlank() ? null : abbreviate(text);
        // Exactly when Summaries.derivable(summary, text) holds, without abbreviating the text a second time.
        return new Entry(
                channel, direction, summary, text, detail, conversationId, summary != null && !Violations.blank(text));
    }

    /** A call entry under construction: its detail gets kind-specific fields before the summary is known. */
    private record CallEntry(Direction direction, Document detail, String callId) {
        Entry build(String what) {
            String way = direction == Direction.OUTBOUND ? "Cuộc gọi đi" : "Cuộc gọi đến";
            return new Entry(Channel.PHONE, direction, way + " · " + what, null, detail, callId);
        }
    }

    private static CallEntry call(
            String callId,
            Direction direction,
            @Nullable String hotline,
            String status,
            @Nullable Long durationSeconds) {
        Document detail = new Document("callId", callId).append("status", status);
        putIfPresent(detail, "durationSeconds", durationSeconds);
        putIfPresent(detail, "hotline", hotline);
        return new CallEntry(direction, detail, callId);
    }

    private static String outcome(CallEnded.Outcome outcome) {
        return switch (outcome) {
            case ANSWERED -> "Đã trả lời";
            case MISSED -> "Nhỡ";
            case VOICEMAIL -> "Hộp thư thoại";
        };
    }

    private static Entry email(
            Direction direction,
            String messageId,
            @Nullable String subject,
            @Nullable String preview,
            @Nullable String body,
            String partyField,
            @Nullable String party,
            @Nullable String campaign) {
        String shownPreview = preview != null ? preview : body == null ? null : abbreviate(body);
        Document detail = new Document("messageId", messageId);
        putIfPresent(detail, "subject", subject);
        putIfPresent(detail, "preview", shownPreview);
        putIfPresent(detail, partyField, party);
        putIfPresent(detail, "campaign", campaign);
        String summary = subject != null && !subject.isBlank() ? subject : shownPreview;
        return new Entry(Channel.EMAIL, direction, summary, body != null ? body : preview, detail, messageId);
    }

    private static Entry emailStatus(
            Direction direction, String messageId, String status, String summary, Document detail) {
        detail.append("messageId", messageId).append("status", status);
        return new Entry(Channel.EMAIL, direction, summary, null, detail, messageId);
    }

    private static Entry automation(
            Channel channel,
            String idField,
            String id,
            @Nullable String name,
            String action,
            @Nullable Channel sentVia,
            @Nullable String content) {
        Document detail = new Document(idField, id).append("action", action);
        putIfPresent(detail, "name", name);
        putIfPresent(detail, "sentVia", sentVia == null ? null : sentVia.wire());
        String via = sentVia == null ? "" : " qua " + sentVia.label();
        String summary = (name == null ? id : name) + ": " + action + via;
        return new Entry(channel, Direction.OUTBOUND, summary, content, detail, null);
    }

    private static @Nullable String attachmentsSummary(List<Attachment> attachments) {
        return attachments.isEmpty() ? null : "[" + attachments.size() + " tệp đính kèm]";
    }

    private static Document attachment(Attachment a) {
        Document doc = new Document("name", a.name()).append("url", a.url());
        putIfPresent(doc, "contentType", a.contentType());
        putIfPresent(doc, "sizeBytes", a.sizeBytes());
        return doc;
    }

    static String abbreviate(String text) {
        return Summaries.abbreviate(text);
    }

    private static Document putIfPresent(Document doc, String field, @Nullable Object value) {
        if (value != null) {
            doc.append(field, value);
        }
        return doc;
    }
}
