package dev.timeline.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

public enum TicketStatus {
    NEW("Mới"),
    OPEN("Đang xử lý"),
    PENDING("Chờ phản hồi"),
    ON_HOLD("Tạm dừng"),
    SOLVED("Đã giải quyết"),
    CLOSED("Đã đóng");

    private final String label;

    TicketStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    private final String wire = name().toLowerCase(Locale.ROOT);

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static TicketStatus fromWire(String value) {
        return WireEnums.parse(TicketStatus.class, value);
    }
}
