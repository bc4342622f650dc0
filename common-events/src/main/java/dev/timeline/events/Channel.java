package dev.timeline.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where an interaction happened. The messaging ones are those a customer can write to the business on. */
public enum Channel {
    FACEBOOK("Facebook", true),
    INSTAGRAM("Instagram", true),
    ZALO("Zalo OA", true),
    LIVECHAT("Livechat", true),
    VIBER("Viber", true),
    TELEGRAM("Telegram", true),
    SMS("SMS", false),
    PHONE("Tổng đài", false),
    EMAIL("Email", false),
    TICKET("Ticket", false),
    WORKFLOW("Workflow", false),
    CHATBOT("Chatbot", false),
    TRIGGER("Trigger", false),
    CRM("CRM", false);

    private final String label;
    private final boolean messaging;

    Channel(String label, boolean messaging) {
        this.label = label;
        this.messaging = messaging;
    }

    /** The name an agent reads in the timeline. */
    public String label() {
        return label;
    }

    public boolean isMessaging() {
        return messaging;
    }

    private final String wire = name().toLowerCase(Locale.ROOT);

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static Channel fromWire(String value) {
        return WireEnums.parse(Channel.class, value);
    }
}
