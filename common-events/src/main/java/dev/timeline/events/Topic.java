package dev.timeline.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * One Kafka topic per channel family. Records are keyed by {@link TimelineEvent#partitionKey()} so that one
 * customer's events stay in order; rejected records go to {@link #deadLetterName()}.
 */
public enum Topic {
    MESSAGES("timeline.messages"),
    CALLS("timeline.calls"),
    EMAILS("timeline.emails"),
    TICKETS("timeline.tickets"),
    AUTOMATION("timeline.automation"),
    CRM("timeline.crm");

    public static final String DEAD_LETTER_SUFFIX = "-dlt";

    private final String topicName;

    Topic(String topicName) {
        this.topicName = topicName;
    }

    public String topicName() {
        return topicName;
    }

    public String deadLetterName() {
        return topicName + DEAD_LETTER_SUFFIX;
    }

    public static Optional<Topic> ofName(String name) {
        return Arrays.stream(values()).filter(t -> t.topicName.equals(name)).findFirst();
    }
}
