package dev.timeline.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Who started an interaction, seen from the business: the customer (inbound), staff or automation (outbound). */
public enum Direction {
    INBOUND,
    OUTBOUND,
    /** Nothing crossed to or from the customer: an internal comment, a CRM change. */
    INTERNAL;

    private final String wire = name().toLowerCase(java.util.Locale.ROOT);

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static Direction fromWire(String value) {
        return WireEnums.parse(Direction.class, value);
    }
}
