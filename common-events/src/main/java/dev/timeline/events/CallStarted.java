package dev.timeline.events;

import org.jspecify.annotations.Nullable;

/** A call began ringing, inbound to the call centre or outbound from an agent. */
public record CallStarted(
        String callId, Direction direction, @Nullable String hotline) implements Payload {

    @Override
    public void validate(Violations v) {
        Calls.validate(v, callId, direction, hotline);
    }
}
