package dev.timeline.events;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The contract rules an event breaks, each naming its field by its JSON path ({@code data.durationSeconds}). */
public final class Violations {
    private final List<String> messages = new ArrayList<>();

    public Violations required(String field, @Nullable Object value) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            add(field, "is required");
        }
        return this;
    }

    public Violations maxLength(String field, @Nullable String value, int max) {
        if (value != null && value.length() > max) {
            add(field, "is longer than " + max + " characters");
        }
        return this;
    }

    public Violations notNegative(String field, @Nullable Long value) {
        if (value != null && value < 0) {
            add(field, "must not be negative");
        }
        return this;
    }

    public Violations add(String field, String message) {
        messages.add(field + ": " + message);
        return this;
    }

    public boolean isEmpty() {
        return messages.isEmpty();
    }

    public List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public String toString() {
        return String.join("; ", messages);
    }
}
