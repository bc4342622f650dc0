package dev.timeline.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** A call is over: how it ended, how long it talked, and the recording when the switch already has it. */
public record CallEnded(
        String callId,
        Direction direction,
        @Nullable String hotline,
        Outcome outcome,
        Long durationSeconds,
        @Nullable String recordingUrl)
        implements Payload {

    public enum Outcome {
        ANSWERED,
        MISSED,
        VOICEMAIL;

        private final String wire = name().toLowerCase(Locale.ROOT);

        @JsonValue
        public String wire() {
            return wire;
        }

        @JsonCreator
        public static Outcome fromWire(String value) {
            return WireEnums.parse(Outcome.class, value);
        }
    }

    @Override
    public void validate(Violations v) {
        Calls.validate(v, callId, direction, hotline);
        v.required("data.outcome", outcome);
        v.required("data.durationSeconds", durationSeconds);
        v.notNegative("data.durationSeconds", durationSeconds);
        v.maxLength("data.recordingUrl", recordingUrl, Payload.NAME_MAX);
    }
}
