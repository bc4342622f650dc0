package dev.timeline.events;

import org.jspecify.annotations.Nullable;

/** The customer moved to another lifecycle stage (lead → prospect → customer …). */
public record StageChanged(
        @Nullable String from, String to, @Nullable String pipeline) implements Payload {

    @Override
    public void validate(Violations v) {
        v.required("data.to", to).maxLength("data.to", to, Payload.NAME_MAX);
        v.maxLength("data.from", from, Payload.NAME_MAX);
        v.maxLength("data.pipeline", pipeline, Payload.NAME_MAX);
    }
}
