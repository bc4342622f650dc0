package dev.timeline.events;

/** A comment on a ticket: {@code internal} ones are for staff only, {@code public} ones reach the customer. */
public record TicketCommented(String comment, Visibility visibility) implements Payload {

    public enum Visibility {
        PUBLIC,
        INTERNAL;

        private final String wire = name().toLowerCase(java.util.Locale.ROOT);

        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return wire;
        }

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Visibility fromWire(String value) {
            return WireEnums.parse(Visibility.class, value);
        }
    }

    @Override
    public void validate(Violations v) {
        v.required("data.comment", comment).maxLength("data.comment", comment, Payload.TEXT_MAX);
        v.required("data.visibility", visibility);
    }
}
