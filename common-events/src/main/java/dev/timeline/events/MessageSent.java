package dev.timeline.events;

import org.jspecify.annotations.Nullable;

/** A staff member replied to the customer on a messaging channel. */
public record MessageSent(
        Channel channel,
        @Nullable String conversationId,
        @Nullable String text) implements Payload {

    @Override
    public void validate(Violations v) {
        Messages.validate(v, channel, conversationId, text);
    }
}
