package dev.timeline.events;

/** The receiving server accepted the mail {@code messageId}. */
public record EmailDelivered(String messageId) implements Payload {

    @Override
    public void validate(Violations v) {
        v.required("data.messageId", messageId).maxLength("data.messageId", messageId, Payload.NAME_MAX);
    }
}
