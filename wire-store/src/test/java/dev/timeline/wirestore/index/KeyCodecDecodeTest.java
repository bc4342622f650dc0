package dev.timeline.wirestore.index;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Keys read back: what an index scan checks queries on and answers covered queries from. */
class KeyCodecDecodeTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void readsBackEveryExactComponentOfACompoundKeyInEitherDirection(long seed) {
        Random random = new Random(seed);
        int components = 1 + random.nextInt(7);
        List<Object> values = new ArrayList<>();
        boolean[] descending = new boolean[components];
        ByteArrayOutputStream key = new ByteArrayOutputStream();
        for (int i = 0; i < components; i++) {
            Object value = value(random);
            descending[i] = random.nextBoolean();
            values.add(value);
            KeyCodec.encode(value, descending[i], key);
        }
        byte[] bytes = key.toByteArray();

        Object[] decoded = new Object[components];
        int at = 0;
        for (int i = 0; i < components; i++) {
            at = KeyCodec.decode(bytes, at, descending[i], decoded, i);
        }

        assertThat(at).as("every byte of the key read").isEqualTo(bytes.length);
        for (int i = 0; i < components; i++) {
            Object value = values.get(i);
            boolean exact = value instanceof String s && !s.contains("?")
                    || value instanceof Instant
                    || value instanceof Boolean
                    || value instanceof ObjectId;
            assertThat(decoded[i])
                    .as("component %d: %s", i, value)
                    .isEqualTo(exact ? value : value == null ? KeyCodec.NULL_OR_MISSING : KeyCodec.UNDECODED);
        }
    }

    private static Object value(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> random.nextInt();
            case 1 -> random.nextDouble();
            case 2 -> null;
            case 3 -> Instant.ofEpochMilli(random.nextLong() >> 20);
            case 4 -> random.nextBoolean();
            case 5 -> new ObjectId();
            case 6 -> new Document("a", text(random)).append("b", List.of(1, "x"));
            case 7 -> List.of(text(random), random.nextInt(5));
            default -> text(random);
        };
    }

    /** Strings with the bytes the encoding escapes (0x00) and ends on, and characters of several UTF-8 lengths. */
    private static String text(Random random) {
        String alphabet = "ab\u0000\u00ff\u00e9\u1ea1\uD83D\uDE00 z?";
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            int at = random.nextInt(alphabet.length());
            if (Character.isHighSurrogate(alphabet.charAt(at))) {
                text.append(alphabet, at, at + 2);
            } else if (!Character.isLowSurrogate(alphabet.charAt(at))) {
                text.append(alphabet.charAt(at));
            }
        }
        return text.toString();
    }
}
