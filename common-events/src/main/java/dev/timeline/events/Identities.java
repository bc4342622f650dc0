package dev.timeline.events;

import org.jspecify.annotations.Nullable;

/** The checks shared by the identity-link payloads. */
final class Identities {
    private Identities() {}

    static void validate(Violations v, @Nullable Identity identity) {
        if (identity == null) {
            v.add("data.identity", "is required");
            return;
        }
        v.required("data.identity.kind", identity.kind());
        v.required("data.identity.value", identity.value())
                .maxLength("data.identity.value", identity.value(), Payload.ID_MAX);
    }

    static void validateCustomerId(Violations v, String field, @Nullable String customerId) {
        v.required(field, customerId).maxLength(field, customerId, Payload.ID_MAX);
        if (customerId != null && !customerId.isEmpty() && Violations.blank(customerId.substring(0, 1))) {
            v.add(field, "must not start with a space");
        }
        if (customerId != null && customerId.startsWith(CustomerRef.ANONYMOUS_PREFIX)) {
            v.add(field, "must be a CRM customer id, not an anonymous contact key");
        }
    }
}
