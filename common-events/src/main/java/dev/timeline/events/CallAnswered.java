package dev.timeline.events;

import org.jspecify.annotations.Nullable;

/** The other side picked up. */
public record CallAnswered(
        String callId, Direction direction, @Nullable String hotline) implements Payload {

    @Override
    public void validate(Violations v) {
        Calls.validate(v, callId, direction, hotline);
    }
}
