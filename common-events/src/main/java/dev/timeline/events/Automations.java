package dev.timeline.events;

import org.jspecify.annotations.Nullable;

final class Automations {
    private Automations() {}

    static void validate(
            Violations v, String idField, @Nullable String id, @Nullable String action, @Nullable String content) {
        v.required(idField, id).maxLength(idField, id, Payload.NAME_MAX);
        v.required("data.action", action).maxLength("data.action", action, Payload.NAME_MAX);
        v.maxLength("data.content", content, Payload.TEXT_MAX);
    }
}
