package dev.timeline.events;

/** Undoes a {@link CustomersMerged} of {@code mergedCustomerId} into the event's customer. */
public record MergeUndone(String mergedCustomerId) implements Payload {

    @Override
    public void validate(Violations v) {
        Identities.validateCustomerId(v, "data.mergedCustomerId", mergedCustomerId);
    }
}
