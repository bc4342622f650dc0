package dev.timeline.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Fixtures: one well-formed event of every wire type, for one tenant and customer. */
public final class Events {
    public static final Instant T0 = Instant.parse("2026-09-01T02:00:00Z");
    public static final Staff AGENT = new Staff("agent-07", "Trần Thị Mai");

    private Events() {}

    /** Any payload, from {@code source}, with no staff, ticket or attachments. */
    public static TimelineEvent event(
            String tenant, CustomerRef customer, String source, String id, Instant at, Payload payload) {
        return TimelineEvent.builder(tenant, customer).source(source).build(id, at, payload);
    }

    public static TimelineEvent messageReceived(String tenant, CustomerRef customer, String id, Instant at) {
        return TimelineEvent.builder(tenant, customer)
                .source("zalo-oa/4312")
                .build(id, at, new MessageReceived(Channel.ZALO, "conv-1", "Chào shop, đơn hàng của tôi đâu rồi?"));
    }

    public static TimelineEvent messageSent(String tenant, CustomerRef customer, String id, Instant at) {
        return TimelineEvent.builder(tenant, customer)
                .source("zalo-oa/4312")
                .staff(AGENT)
                .build(id, at, new MessageSent(Channel.ZALO, "conv-1", "Dạ, đơn của anh/chị đang được giao ạ."));
    }

    public static TimelineEvent emailSent(String tenant, CustomerRef customer, String id, Instant at) {
        return TimelineEvent.builder(tenant, customer)
                .source("mailbox/cskh")
                .staff(AGENT)
                .build(
                        id,
                        at,
                        new EmailSent(
                                "<" + id + "@mail.example.vn>",
                                "Xác nhận đơn hàng #1024",
                                "khach@example.vn",
                                null,
                                "Cảm ơn quý khách đã đặt hàng, \"đơn\" sẽ giao trong 2 ngày.",
                                null));
    }

    public static TimelineEvent callEnded(String tenant, CustomerRef customer, String id, Instant at) {
        return TimelineEvent.builder(tenant, customer)
                .source("callcenter/stringee")
                .staff(AGENT)
                .build(
                        id,
                        at,
                        new CallEnded(
                                "call-" + id,
                                Direction.INBOUND,
                                "1900 1234",
                                CallEnded.Outcome.ANSWERED,
                                205L,
                                "https://rec.example.vn/" + id + ".mp3"));
    }

    /**
     * One event of every interaction type in the catalogue, an hour apart, ids {@code <prefix>-<n>}. Control events
     * (links, merges, erase) are left out: they would change whose timeline this is; see {@link #control}.
     */
    public static List<TimelineEvent> everyType(String tenant, CustomerRef customer, String prefix) {
        List<TimelineEvent> events = new ArrayList<>();
        Instant at = T0;
        var attachment =
                List.of(new Attachment("hoa-don.pdf", "https://files.example.vn/hd.pdf", "application/pdf", 48213L));
        for (EventType type : EventType.interactions()) {
            at = at.plus(Duration.ofHours(1));
            String id = prefix + "-" + events.size();
            var b = TimelineEvent.builder(tenant, customer)
                    .source("fixture/" + type.kind().wire());
            Payload payload = payloadOf(type, id, prefix);
            if (type.requiresTicket()) {
                b.ticket("T-1001");
            }
            if (type.requiresStaff() || type == EventType.TICKET_COMMENTED || type == EventType.CALL_ENDED) {
                b.staff(AGENT);
            }
            if (type == EventType.MESSAGE_RECEIVED || type == EventType.EMAIL_RECEIVED) {
                b.attachments(attachment);
            }
            events.add(b.build(id, at, payload));
        }
        return events;
    }

    /** A control event from the CRM about {@code customerId}, e.g. {@code link(…)}, {@code merge(…)}. */
    public static TimelineEvent control(String tenant, String customerId, String id, Instant at, Payload payload) {
        return TimelineEvent.builder(tenant, CustomerRef.id(customerId))
                .source("crm/core")
                .build(id, at, payload);
    }

    /** One event of each control type for {@code customerId}, for contract tests. */
    public static List<TimelineEvent> everyControlType(String tenant, String customerId, String prefix) {
        List<TimelineEvent> events = new ArrayList<>();
        for (EventType type : EventType.values()) {
            if (type.isControl()) {
                events.add(control(
                        tenant,
                        customerId,
                        prefix + "-" + type.wire(),
                        T0.plus(Duration.ofMinutes(events.size())),
                        payloadOf(type, prefix, prefix)));
            }
        }
        return events;
    }

    /** Calls and the sent mail are named after {@code prefix}, so that two customers' fixtures never share one. */
    static Payload payloadOf(EventType type, String id, String prefix) {
        String call1 = "call-1-" + prefix;
        String sent = "<s-1-" + prefix + "@shop.vn>";
        return switch (type) {
            case MESSAGE_RECEIVED -> new MessageReceived(Channel.FACEBOOK, "conv-9", "Cho mình hỏi giá sản phẩm này?");
            case MESSAGE_SENT -> new MessageSent(Channel.FACEBOOK, "conv-9", "Dạ sản phẩm giá 350.000đ ạ.");
            case CALL_STARTED -> new CallStarted(call1, Direction.INBOUND, "1900 1234");
            case CALL_ANSWERED -> new CallAnswered(call1, Direction.INBOUND, "1900 1234");
            case CALL_MISSED -> new CallMissed("call-2-" + prefix, Direction.INBOUND, "1900 1234", 25L);
            case CALL_ENDED ->
                new CallEnded(call1, Direction.INBOUND, "1900 1234", CallEnded.Outcome.ANSWERED, 185L, null);
            case CALL_RECORDING_READY ->
                new CallRecordingReady(call1, Direction.INBOUND, "https://rec.example.vn/call-1.mp3", 185L);
            case EMAIL_RECEIVED ->
                new EmailReceived(
                        "<m-" + id + "@example.vn>",
                        "Khiếu nại giao hàng",
                        "an@example.vn",
                        null,
                        "Tôi chưa nhận được hàng.");
            case EMAIL_SENT ->
                new EmailSent(sent, "Phản hồi khiếu nại", "an@example.vn", "Chúng tôi rất tiếc…", null, null);
            case EMAIL_DELIVERED -> new EmailDelivered(sent);
            case EMAIL_OPENED -> new EmailOpened(sent, "Mozilla/5.0");
            case EMAIL_CLICKED -> new EmailClicked(sent, "https://shop.vn/don-hang/1024");
            case TICKET_CREATED ->
                new TicketCreated(
                        "Giao hàng chậm",
                        TicketPriority.NORMAL,
                        TicketStatus.NEW,
                        "Khách báo chưa nhận hàng sau 5 ngày");
            case TICKET_COMMENTED ->
                new TicketCommented("Đã liên hệ kho, chờ phản hồi", TicketCommented.Visibility.INTERNAL);
            case TICKET_PRIORITY_CHANGED -> new TicketPriorityChanged(TicketPriority.NORMAL, TicketPriority.HIGH);
            case TICKET_STATUS_CHANGED -> new TicketStatusChanged(TicketStatus.NEW, TicketStatus.SOLVED, 86_400L);
            case WORKFLOW_EXECUTED ->
                new WorkflowExecuted("wf-7", "Chăm sóc sau mua", "send_zns", Channel.ZALO, "Cảm ơn bạn đã mua hàng!");
            case CHATBOT_REPLIED ->
                new ChatbotReplied("bot-1", "Trợ lý ảo", Channel.LIVECHAT, "Xin chào! Tôi giúp gì được?");
            case TRIGGER_FIRED -> new TriggerFired("tr-3", "Bỏ quên giỏ hàng", "send_email", Channel.EMAIL, null);
            case STAGE_CHANGED -> new StageChanged("Lead", "Khách hàng", "B2C");
            case SCORE_CHANGED -> new ScoreChanged(10L, 120L, "Mở email");
            case IDENTITY_LINKED -> new IdentityLinked(new Identity(IdentityKind.ZALO, "4088123"));
            case IDENTITY_UNLINKED -> new IdentityUnlinked(new Identity(IdentityKind.ZALO, "4088123"));
            case CUSTOMERS_MERGED -> new CustomersMerged("cus-merged");
            case MERGE_UNDONE -> new MergeUndone("cus-merged");
            case CUSTOMER_ERASED -> new CustomerErased("dsr-2026-11");
        };
    }
}
