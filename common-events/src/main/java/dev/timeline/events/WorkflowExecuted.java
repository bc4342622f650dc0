package dev.timeline.events;

import org.jspecify.annotations.Nullable;

/** An automated workflow acted on the customer: {@code action} says what it did, {@code content} what it sent. */
public record WorkflowExecuted(
        String workflowId,
        @Nullable String workflowName,
        String action,
        @Nullable Channel sentVia,
        @Nullable String content)
        implements Payload {

    @Override
    public void validate(Violations v) {
        Automations.validate(v, "data.workflowId", workflowId, action, content);
        v.maxLength("data.workflowName", workflowName, Payload.NAME_MAX);
    }
}
