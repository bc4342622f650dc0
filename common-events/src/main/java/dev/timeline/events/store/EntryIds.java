package dev.timeline.events.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The id of a timeline entry: derived from tenant, source and event id, so that a redelivered or re-published event
 * maps to the same document and a plain insert is idempotent. 128 bits of SHA-256, base64url: fixed length whatever
 * the producers' ids look like, and no separator that an id could contain.
 */
public final class EntryIds {
    private EntryIds() {}

    public static String of(String tenant, String source, String eventId) {
        MessageDigest sha256 = Digests.sha256();
        for (String part : new String[] {tenant, source, eventId}) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            sha256.update((byte) (bytes.length >>> 24));
            sha256.update((byte) (bytes.length >>> 16));
            sha256.update((byte) (bytes.length >>> 8));
            sha256.update((byte) bytes.length);
            sha256.update(bytes);
        }
        byte[] digest = sha256.digest();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
    }
}
