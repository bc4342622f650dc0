package dev.timeline.events;

import org.jspecify.annotations.Nullable;

/** Mail from the customer arrived in the integrated mailbox. */
public record EmailReceived(
        String messageId,
        @Nullable String subject,
        @Nullable String from,
        @Nullable String preview,
        @Nullable String body)
        implements Payload {

    @Override
    public void validate(Violations v) {
        Emails.validate(v, messageId, subject, preview, body);
        v.maxLength("data.from", from, Payload.NAME_MAX);
    }
}
