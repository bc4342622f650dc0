package dev.timeline.query;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque, tamper-evident cursors: the position plus an HMAC over it and over the request it belongs to (tenant, whose
 * timeline, filters). A cursor that was edited, truncated, or replayed against other filters or another tenant is
 * refused as an invalid {@code cursor} parameter; nothing in it reaches the database unchecked.
 */
public final class CursorCodec {
    private static final int MAC_BYTES = 16;
    private static final int ID_MAX = 64;

    private final SecretKeySpec key;

    public CursorCodec(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the cursor secret needs at least 16 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    public String encode(Cursor cursor, String context) {
        byte[] id = cursor.id().getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(8 + id.length)
                .putLong(cursor.occurredAt().toEpochMilli())
                .put(id);
        byte[] payload = body.array();
        byte[] token = ByteBuffer.allocate(payload.length + MAC_BYTES)
                .put(payload)
                .put(mac(payload, context))
                .array();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    public Cursor decode(String token, String context) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token.strip());
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        int idLength = bytes.length - 8 - MAC_BYTES;
        if (idLength < 1 || idLength > ID_MAX) {
            throw invalid();
        }
        byte[] payload = Arrays.copyOf(bytes, bytes.length - MAC_BYTES);
        byte[] mac = Arrays.copyOfRange(bytes, bytes.length - MAC_BYTES, bytes.length);
        if (!MessageDigest.isEqual(mac, mac(payload, context))) {
            throw invalid();
        }
        ByteBuffer body = ByteBuffer.wrap(payload);
        Instant occurredAt = Instant.ofEpochMilli(body.getLong());
        String id = new String(payload, 8, idLength, StandardCharsets.UTF_8);
        return new Cursor(occurredAt, id);
    }

    private byte[] mac(byte[] payload, String context) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(context.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(payload);
            return Arrays.copyOf(mac.doFinal(), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    private static InvalidParameterException invalid() {
        throw new InvalidParameterException(
                "cursor",
                "is not a cursor this API issued for this timeline and these filters; start again without it");
    }
}
