package dev.timeline.events;

import java.util.Locale;

/** A channel identity: which channel, and the customer's id or address there, in its canonical form. */
public record Identity(IdentityKind kind, String value) {

    public Identity {
        // Decoding may hand in nulls; the codec reports them as violations instead of failing here.
        if (kind != null && value != null) {
            value = canonical(kind, value);
        }
    }

    /** The form used as a key: {@code zalo:8412…}, {@code phone:+84912345678}, {@code email:an@example.vn}. */
    public String key() {
        return kind.wire() + ":" + value;
    }

    /**
     * Canonical value, so that {@code 0912 345 678}, {@code +84912345678} and {@code 84912345678} are one identity,
     * and so are {@code An@Example.VN} and {@code an@example.vn}.
     */
    static String canonical(IdentityKind kind, String raw) {
        String trimmed = raw.strip();
        return switch (kind) {
            case EMAIL -> trimmed.toLowerCase(Locale.ROOT);
            case PHONE -> canonicalPhone(trimmed);
            default -> trimmed;
        };
    }

    private static String canonicalPhone(String raw) {
        String digits = raw.replaceAll("[\\s.()\\-]", "");
        if (digits.startsWith("+")) {
            return digits;
        }
        if (digits.startsWith("00")) {
            return "+" + digits.substring(2);
        }
        if (digits.startsWith("0")) {
            return "+84" + digits.substring(1);
        }
        if (digits.startsWith("84") && digits.length() >= 11) {
            return "+" + digits;
        }
        return digits;
    }
}
