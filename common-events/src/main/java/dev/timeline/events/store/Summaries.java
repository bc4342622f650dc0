package dev.timeline.events.store;

import dev.timeline.events.Violations;
import org.jspecify.annotations.Nullable;

/**
 * An entry's one-line {@link TimelineFields#SUMMARY summary}. Where it is the content abbreviated (a message, a
 * comment, a bot's reply: most entries), the ingest does not store it: the readers derive it from the content with
 * this same function, so the stored entry carries the text once instead of twice.
 */
public final class Summaries {
    public static final int MAX = 200;

    private Summaries() {}

    /** The text on one line, white space runs as one space, cut at {@link #MAX} characters with an ellipsis. */
    public static String abbreviate(String text) {
        String oneLine = oneLine(text.strip());
        if (oneLine.length() <= MAX) {
            return oneLine;
        }
        int cut = MAX - 1;
        if (Character.isHighSurrogate(oneLine.charAt(cut - 1))) {
            cut--;
        }
        return oneLine.substring(0, cut) + "…";
    }

    /** Every run of {@code [ \t\n\x0B\f\r]} as one space (what {@code replaceAll("\\s+", " ")} does, without a regex). */
    static String oneLine(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean space = isSpace(c);
            boolean run = space && (c != ' ' || (i + 1 < text.length() && isSpace(text.charAt(i + 1))));
            if (out == null && run) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out == null) {
                continue;
            }
            if (space) {
                out.append(' ');
                while (i + 1 < text.length() && isSpace(text.charAt(i + 1))) {
                    i++;
                }
            } else {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    private static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    /** Whether the ingest may leave {@code summary} out because a reader derives exactly it from {@code content}. */
    public static boolean derivable(@Nullable String summary, @Nullable String content) {
        return summary != null && content != null && !Violations.blank(content) && summary.equals(abbreviate(content));
    }

    /** A stored entry's summary: the stored one, else the one derived from its content, else none. */
    public static @Nullable String of(@Nullable String summary, @Nullable String content) {
        if (summary != null) {
            return summary;
        }
        return content == null || Violations.blank(content) ? null : abbreviate(content);
    }
}
