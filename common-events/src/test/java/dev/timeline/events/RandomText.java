package dev.timeline.events;

import java.util.Random;

/** Random text for the property tests that hold a fast path to its definition. */
public final class RandomText {
    private RandomText() {}

    /** Up to {@code maxLength - 1} characters drawn from {@code alphabet}. */
    public static String of(Random random, String alphabet, int maxLength) {
        StringBuilder text = new StringBuilder();
        for (int j = random.nextInt(maxLength); j > 0; j--) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
