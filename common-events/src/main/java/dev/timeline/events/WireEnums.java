package dev.timeline.events;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Enums travel as lower-case snake words ({@code zalo}, {@code on_hold}); an unknown word names the allowed ones. */
final class WireEnums {
    private WireEnums() {}

    static <E extends Enum<E>> E parse(Class<E> type, String value) {
        String wanted = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(wanted)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not one of " + allowed(type));
    }

    /** The constant whose wire word is exactly {@code value} (lower case, as written), or null. */
    @SuppressWarnings("unchecked")
    static <E extends Enum<E>> E strict(Class<E> type, String value) {
        return (E) WORDS.get(type).get(value);
    }

    private static final ClassValue<Map<String, Enum<?>>> WORDS = new ClassValue<>() {
        @Override
        protected Map<String, Enum<?>> computeValue(Class<?> type) {
            return Arrays.stream((Enum<?>[]) type.getEnumConstants())
                    .collect(Collectors.toUnmodifiableMap(e -> e.name().toLowerCase(Locale.ROOT), e -> e));
        }
    };

    static <E extends Enum<E>> String allowed(Class<E> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
