package dev.timeline.events;

import org.jspecify.annotations.Nullable;

/** A customer wrote to the business on a messaging channel. {@code text} may be empty when attachments carry it. */
public record MessageReceived(
        Channel channel,
        @Nullable String conversationId,
        @Nullable String text) implements Payload {

    @Override
    public void validate(Violations v) {
        Messages.validate(v, channel, conversationId, text);
    }
}
