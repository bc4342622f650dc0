package dev.timeline.events;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Folds text for search the way an agent types it: lower case, without Vietnamese diacritics, so that
 * {@code cuoc goi nho} finds {@code Cuộc gọi nhỡ}. The ingest side stores folded text and the query side folds what
 * the user typed with this same function, so both always agree.
 *
 * <p>Text is folded one character at a time: up to U+20FF (Latin with Vietnamese, Greek, Cyrillic, punctuation such
 * as …) from a table made once, at class loading, from the definition itself ({@link #slowFold}); beyond it (emoji,
 * CJK) by the definition, remembered per character; only text with a capital sigma takes the definition's path as a
 * whole. Both give the same result
 * ({@code SearchTextTest} compares them); the table is what keeps ingest from decomposing every message's text.
 */
public final class SearchText {
    private static final int TABLE_END = 0x2100;
    /** Folded forms of characters beyond the table (emoji, CJK…), as met; bounded. */
    private static final Map<Integer, String> BEYOND = new ConcurrentHashMap<>();

    private static final int BEYOND_MAX = 4096;
    /** Per character below {@link #TABLE_END}: its folded form, or null where the definition must decide. */
    private static final String[] TABLE = new String[TABLE_END];
    /** The same, where the folded form is one character (most are): appended as a char, not as a string. */
    private static final char[] SINGLE = new char[TABLE_END];
    /** Per character below {@link #TABLE_END}: whether it is white space ({@link #isSpace}). */
    private static final boolean[] SPACE = new boolean[TABLE_END];

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    /** White space: Unicode separators and the ASCII controls Java counts as white space. */
    private static final Pattern SPACES = Pattern.compile("[\\p{Z}\\t\\n\\x0B\\f\\r\\x1C-\\x1F]+");

    static {
        for (int c = 0; c < TABLE_END; c++) {
            SPACE[c] = isSpace((char) c);
            // A capital sigma lowers to σ or ς depending on its neighbours: only the whole text can say which.
            if (Character.isSurrogate((char) c) || SPACE[c] || c == 'Σ') {
                continue;
            }
            TABLE[c] = slowFold(String.valueOf((char) c));
            if (TABLE[c].length() == 1) {
                SINGLE[c] = TABLE[c].charAt(0);
            }
        }
    }

    private SearchText() {}

    public static String fold(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < TABLE_END ? SPACE[c] : isSpace(c)) {
                space = out.length() > 0;
                continue;
            }
            String folded;
            if (c < TABLE_END && SINGLE[c] != 0) {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(SINGLE[c]);
                continue;
            }
            if (c < TABLE_END && !Character.isSurrogate(c)) {
                folded = TABLE[c];
                if (folded == null) {
                    return slowFold(text);
                }
            } else {
                int codePoint = text.codePointAt(i);
                folded = beyond(codePoint);
                i += Character.charCount(codePoint) - 1;
            }
            if (folded.isEmpty()) {
                continue;
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            out.append(folded);
        }
        return out.toString();
    }

    /**
     * A character's fold taken alone is its fold in any text: marks are dropped whatever they follow, and lower
     * case depends on the neighbours only for Σ, which the table leaves to the definition.
     */
    private static String beyond(int codePoint) {
        String folded = BEYOND.get(codePoint);
        if (folded == null) {
            folded = slowFold(new String(Character.toChars(codePoint)));
            if (BEYOND.size() < BEYOND_MAX) {
                BEYOND.put(codePoint, folded);
            }
        }
        return folded;
    }

    /** The definition: decompose, drop the marks, đ → d, lower case, white space runs to one space, trimmed. */
    static String slowFold(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        String bare = MARKS.matcher(decomposed).replaceAll("").replace('đ', 'd').replace('Đ', 'D');
        String spaced = SPACES.matcher(bare.toLowerCase(Locale.ROOT)).replaceAll(" ");
        int start = spaced.startsWith(" ") ? 1 : 0;
        int end = spaced.endsWith(" ") && spaced.length() > start ? spaced.length() - 1 : spaced.length();
        return spaced.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
}
