package dev.timeline.events;

import org.jspecify.annotations.Nullable;

/** A trigger (a rule on an event or a condition) fired and did {@code action}. */
public record TriggerFired(
        String triggerId,
        @Nullable String triggerName,
        String action,
        @Nullable Channel sentVia,
        @Nullable String content)
        implements Payload {

    @Override
    public void validate(Violations v) {
        Automations.validate(v, "data.triggerId", triggerId, action, content);
        v.maxLength("data.triggerName", triggerName, Payload.NAME_MAX);
    }
}
