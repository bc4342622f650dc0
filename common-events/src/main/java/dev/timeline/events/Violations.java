package dev.timeline.events;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The contract rules an event breaks, each naming its field by its JSON path ({@code data.durationSeconds}). */
public final class Violations {
    private final List<String> messages = new ArrayList<>();

    public Violations required(String field, @Nullable Object value) {
        if (value == null || (value instanceof String s && blank(s))) {
            add(field, "is required");
        }
        return this;
    }

    /** Longer than {@code max} characters, counted as the JSON Schema counts them: by code point. */
    public Violations maxLength(String field, @Nullable String value, int max) {
        if (value != null && value.length() > max && value.codePointCount(0, value.length()) > max) {
            add(field, "is longer than " + max + " characters");
        }
        return this;
    }

    /**
     * Nothing but white space as ECMAScript regular expressions (and so JSON Schema's {@code \\S}) know it: the
     * schema's "has a non-space character" the other way round.
     */
    public static boolean blank(@Nullable String s) {
        if (s == null) {
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!ecmaSpace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** ECMAScript's WhiteSpace and LineTerminator characters. */
    static boolean ecmaSpace(char c) {
        return c == ' '
                || (c >= '\t' && c <= '\r')
                || c == '\u00A0'
                || c == '\u1680'
                || (c >= '\u2000' && c <= '\u200A')
                || c == '\u2028'
                || c == '\u2029'
                || c == '\u202F'
                || c == '\u205F'
                || c == '\u3000'
                || c == '\uFEFF';
    }

    int size() {
        return messages.size();
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
