package dev.timeline.events;

import org.jspecify.annotations.Nullable;

/** The engagement score changed by {@code delta}; {@code total} is the accumulated score after the change. */
public record ScoreChanged(Long delta, Long total, @Nullable String reason) implements Payload {

    @Override
    public void validate(Violations v) {
        v.required("data.delta", delta);
        v.required("data.total", total);
        v.maxLength("data.reason", reason, Payload.NAME_MAX);
    }
}
