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

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
