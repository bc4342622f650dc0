package dev.timeline.events;

import java.util.Locale;

/** The families of interaction the timeline shows, each with its own way to render a record. */
public enum Kind {
    MESSAGE,
    CALL,
    EMAIL,
    TICKET,
    AUTOMATION,
    CRM;

    private final String wire = name().toLowerCase(Locale.ROOT);

    public String wire() {
        return wire;
    }
}
