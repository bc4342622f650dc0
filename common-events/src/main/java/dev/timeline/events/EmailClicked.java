package dev.timeline.events;

/** The customer followed a link in the mail {@code messageId}. */
public record EmailClicked(String messageId, String url) implements Payload {

    @Override
    public void validate(Violations v) {
        v.required("data.messageId", messageId).maxLength("data.messageId", messageId, Payload.NAME_MAX);
        v.required("data.url", url).maxLength("data.url", url, Payload.NAME_MAX);
    }
}
