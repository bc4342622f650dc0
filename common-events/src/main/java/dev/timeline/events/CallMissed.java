package dev.timeline.events;

import org.jspecify.annotations.Nullable;

/** Nobody picked up. */
public record CallMissed(
        String callId,
        Direction direction,
        @Nullable String hotline,
        @Nullable Long ringSeconds) implements Payload {

    @Override
    public void validate(Violations v) {
        Calls.validate(v, callId, direction, hotline);
        v.notNegative("data.ringSeconds", ringSeconds);
    }
}
