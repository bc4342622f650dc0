package dev.timeline.events;

/**
 * "Hợp nhất khách hàng": customer {@code mergedCustomerId} was merged into the event's customer (the survivor). The
 * merged customer's history shows on the survivor's timeline at once; {@link MergeUndone} takes it back out.
 */
public record CustomersMerged(String mergedCustomerId) implements Payload {

    @Override
    public void validate(Violations v) {
        Identities.validateCustomerId(v, "data.mergedCustomerId", mergedCustomerId);
    }
}
