package dev.timeline.events;

import org.jspecify.annotations.Nullable;

/** Mail to the customer was accepted for delivery ("email sent successfully"), by staff or by a campaign. */
public record EmailSent(
        String messageId,
        @Nullable String subject,
        @Nullable String to,
        @Nullable String preview,
        @Nullable String body,
        @Nullable String campaign)
        implements Payload {

    @Override
    public void validate(Violations v) {
        Emails.validate(v, messageId, subject, preview, body);
        v.maxLength("data.to", to, Payload.NAME_MAX);
        v.maxLength("data.campaign", campaign, Payload.NAME_MAX);
    }
}
