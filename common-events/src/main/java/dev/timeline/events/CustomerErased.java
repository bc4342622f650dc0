package dev.timeline.events;

import org.jspecify.annotations.Nullable;

/**
 * A data-subject request (GDPR art. 17, Vietnam's Decree 13/2023): erase the event's customer — every timeline entry
 * of the customer and of the customers merged into it, its identities and its exported files. The erase is recorded
 * with {@code requestId} (the CRM's reference for the request, which must not itself be personal data) and counts.
 */
public record CustomerErased(@Nullable String requestId) implements Payload {

    @Override
    public void validate(Violations v) {
        v.maxLength("data.requestId", requestId, Payload.ID_MAX);
    }
}
