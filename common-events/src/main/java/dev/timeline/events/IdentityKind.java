package dev.timeline.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The kinds of channel identity by which a connector may name a customer it has no CRM id for. */
public enum IdentityKind {
    /** A Zalo OA follower id. */
    ZALO,
    /** A Facebook page-scoped id (PSID). */
    FACEBOOK,
    /** An Instagram-scoped id. */
    INSTAGRAM,
    LIVECHAT,
    VIBER,
    TELEGRAM,
    /** A phone number in any common Vietnamese or international format; kept as +84… (E.164). */
    PHONE,
    /** An e-mail address; kept in lower case. */
    EMAIL;

    private final String wire = name().toLowerCase(Locale.ROOT);

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static IdentityKind fromWire(String value) {
        return WireEnums.parse(IdentityKind.class, value);
    }
}
