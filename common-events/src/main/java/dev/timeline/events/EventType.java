package dev.timeline.events;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The catalogue of wire types: the CloudEvents {@code type} string, the payload record it carries, the topic it is
 * published on, and the event name an agent reads (Vietnamese, as the product speaks).
 */
public enum EventType {
    MESSAGE_RECEIVED("message.received", MessageReceived.class, Kind.MESSAGE, "Khách hàng gửi tin nhắn"),
    MESSAGE_SENT("message.sent", MessageSent.class, Kind.MESSAGE, "Nhân viên trả lời tin nhắn"),
    CALL_STARTED("call.started", CallStarted.class, Kind.CALL, "Cuộc gọi bắt đầu"),
    CALL_ANSWERED("call.answered", CallAnswered.class, Kind.CALL, "Cuộc gọi được trả lời"),
    CALL_MISSED("call.missed", CallMissed.class, Kind.CALL, "Cuộc gọi nhỡ"),
    CALL_ENDED("call.ended", CallEnded.class, Kind.CALL, "Cuộc gọi kết thúc"),
    CALL_RECORDING_READY("call.recording-ready", CallRecordingReady.class, Kind.CALL, "Ghi âm cuộc gọi"),
    EMAIL_RECEIVED("email.received", EmailReceived.class, Kind.EMAIL, "Khách hàng gửi email"),
    EMAIL_SENT("email.sent", EmailSent.class, Kind.EMAIL, "Gửi email thành công"),
    EMAIL_DELIVERED("email.delivered", EmailDelivered.class, Kind.EMAIL, "Email đã được chuyển tới hộp thư"),
    EMAIL_OPENED("email.opened", EmailOpened.class, Kind.EMAIL, "Khách hàng mở email"),
    EMAIL_CLICKED("email.clicked", EmailClicked.class, Kind.EMAIL, "Khách hàng nhấp liên kết trong email"),
    TICKET_CREATED("ticket.created", TicketCreated.class, Kind.TICKET, "Tạo ticket"),
    TICKET_COMMENTED("ticket.commented", TicketCommented.class, Kind.TICKET, "Bình luận ticket"),
    TICKET_PRIORITY_CHANGED(
            "ticket.priority-changed", TicketPriorityChanged.class, Kind.TICKET, "Thay đổi độ ưu tiên ticket"),
    TICKET_STATUS_CHANGED(
            "ticket.status-changed", TicketStatusChanged.class, Kind.TICKET, "Cập nhật trạng thái ticket"),
    WORKFLOW_EXECUTED(
            "automation.workflow-executed", WorkflowExecuted.class, Kind.AUTOMATION, "Workflow tự động thực hiện"),
    CHATBOT_REPLIED("automation.chatbot-replied", ChatbotReplied.class, Kind.AUTOMATION, "Chatbot trả lời"),
    TRIGGER_FIRED("automation.trigger-fired", TriggerFired.class, Kind.AUTOMATION, "Trigger được kích hoạt"),
    STAGE_CHANGED("crm.stage-changed", StageChanged.class, Kind.CRM, "Cập nhật giai đoạn khách hàng"),
    SCORE_CHANGED("crm.score-changed", ScoreChanged.class, Kind.CRM, "Thay đổi điểm tương tác"),
    IDENTITY_LINKED("crm.identity-linked", IdentityLinked.class, Kind.CRM, "Liên kết định danh kênh"),
    IDENTITY_UNLINKED("crm.identity-unlinked", IdentityUnlinked.class, Kind.CRM, "Gỡ liên kết định danh kênh"),
    CUSTOMERS_MERGED("crm.customers-merged", CustomersMerged.class, Kind.CRM, "Hợp nhất khách hàng"),
    MERGE_UNDONE("crm.merge-undone", MergeUndone.class, Kind.CRM, "Hủy hợp nhất khách hàng"),
    CUSTOMER_ERASED("crm.customer-erased", CustomerErased.class, Kind.CRM, "Xóa dữ liệu khách hàng");

    private static final Map<String, EventType> BY_WIRE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::wire, Function.identity()));
    private static final Map<Class<?>, EventType> BY_PAYLOAD =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(t -> t.payloadType, Function.identity()));

    private final String wire;
    private final Class<? extends Payload> payloadType;
    private final Kind kind;
    private final String displayName;

    EventType(String wire, Class<? extends Payload> payloadType, Kind kind, String displayName) {
        this.wire = wire;
        this.payloadType = payloadType;
        this.kind = kind;
        this.displayName = displayName;
    }

    public String wire() {
        return wire;
    }

    public Class<? extends Payload> payloadType() {
        return payloadType;
    }

    public Kind kind() {
        return kind;
    }

    public String displayName() {
        return displayName;
    }

    public Topic topic() {
        return switch (kind) {
            case MESSAGE -> Topic.MESSAGES;
            case CALL -> Topic.CALLS;
            case EMAIL -> Topic.EMAILS;
            case TICKET -> Topic.TICKETS;
            case AUTOMATION -> Topic.AUTOMATION;
            case CRM -> Topic.CRM;
        };
    }

    /** Ticket events must say which ticket; a staff reply must say who replied. */
    public boolean requiresTicket() {
        return kind == Kind.TICKET;
    }

    public boolean requiresStaff() {
        return this == MESSAGE_SENT;
    }

    /**
     * Events that change whose timeline is whose (identity links, merges) or remove one (erase), rather than record
     * an interaction. They name the customer by its CRM id.
     */
    public boolean isControl() {
        return this == IDENTITY_LINKED
                || this == IDENTITY_UNLINKED
                || this == CUSTOMERS_MERGED
                || this == MERGE_UNDONE
                || this == CUSTOMER_ERASED;
    }

    /** The interactions: every type but the {@linkplain #isControl() control} ones. */
    public static List<EventType> interactions() {
        return Arrays.stream(values()).filter(t -> !t.isControl()).toList();
    }

    public static Optional<EventType> ofWire(String wire) {
        return Optional.ofNullable(BY_WIRE.get(wire));
    }

    public static EventType of(Payload payload) {
        return BY_PAYLOAD.get(payload.getClass());
    }
}
