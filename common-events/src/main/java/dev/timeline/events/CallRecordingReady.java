package dev.timeline.events;

import org.jspecify.annotations.Nullable;

/** The switch finished storing a call's recording, after the call ended. */
public record CallRecordingReady(
        String callId,
        @Nullable Direction direction,
        String recordingUrl,
        @Nullable Long durationSeconds) implements Payload {

    @Override
    public void validate(Violations v) {
        v.required("data.callId", callId).maxLength("data.callId", callId, Payload.NAME_MAX);
        v.required("data.recordingUrl", recordingUrl).maxLength("data.recordingUrl", recordingUrl, Payload.NAME_MAX);
        v.notNegative("data.durationSeconds", durationSeconds);
    }
}
