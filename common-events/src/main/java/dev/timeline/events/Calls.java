package dev.timeline.events;

import org.jspecify.annotations.Nullable;

final class Calls {
    private Calls() {}

    static void validate(
            Violations v, @Nullable String callId, @Nullable Direction direction, @Nullable String hotline) {
        v.required("data.callId", callId).maxLength("data.callId", callId, Payload.NAME_MAX);
        v.required("data.direction", direction);
        v.maxLength("data.hotline", hotline, Payload.NAME_MAX);
        if (direction == Direction.INTERNAL) {
            v.add("data.direction", "a call is inbound or outbound");
        }
    }
}
