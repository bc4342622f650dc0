package dev.timeline.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

public enum TicketPriority {
    LOW("Thấp"),
    NORMAL("Bình thường"),
    HIGH("Cao"),
    URGENT("Khẩn cấp");

    private final String label;

    TicketPriority(String label) {
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
    public static TicketPriority fromWire(String value) {
        return WireEnums.parse(TicketPriority.class, value);
    }
}
