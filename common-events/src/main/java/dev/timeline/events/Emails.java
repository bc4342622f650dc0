package dev.timeline.events;

import org.jspecify.annotations.Nullable;

final class Emails {
    private Emails() {}

    static void validate(
            Violations v,
            @Nullable String messageId,
            @Nullable String subject,
            @Nullable String preview,
            @Nullable String body) {
        v.required("data.messageId", messageId).maxLength("data.messageId", messageId, Payload.NAME_MAX);
        v.maxLength("data.subject", subject, Payload.NAME_MAX);
        v.maxLength("data.preview", preview, Payload.NAME_MAX);
        v.maxLength("data.body", body, Payload.TEXT_MAX);
    }
}
