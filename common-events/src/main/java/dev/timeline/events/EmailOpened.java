package dev.timeline.events;

import org.jspecify.annotations.Nullable;

/** The customer opened the mail {@code messageId} (a tracking pixel loaded). */
public record EmailOpened(String messageId, @Nullable String userAgent) implements Payload {

    @Override
    public void validate(Violations v) {
        v.required("data.messageId", messageId).maxLength("data.messageId", messageId, Payload.NAME_MAX);
        v.maxLength("data.userAgent", userAgent, Payload.NAME_MAX);
    }
}
