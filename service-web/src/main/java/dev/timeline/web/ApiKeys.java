package dev.timeline.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Which tenant an API key belongs to. Keys are random and long, so one SHA-256 per request suffices (no slow hash is
 * needed against guessing); only hashes are held, read from {@code timeline.web.api-keys}.
 */
@Component
public class ApiKeys {
    private final Map<String, String> tenantByHash = new HashMap<>();

    public ApiKeys(WebProperties properties) {
        for (String entry : properties.apiKeys().split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon < 1 || entry.length() - colon - 1 != 64) {
                throw new IllegalArgumentException(
                        "timeline.web.api-keys entries are tenant:sha256hex (64 hex digits); got one that is not");
            }
            tenantByHash.put(
                    entry.substring(colon + 1).strip().toLowerCase(java.util.Locale.ROOT),
                    entry.substring(0, colon).strip());
        }
    }

    public Optional<String> tenantOf(String apiKey) {
        return tenantOfHash(sha256(apiKey));
    }

    /** The tenant of the key whose SHA-256 (lower-case hex) this is. */
    public Optional<String> tenantOfHash(String sha256) {
        return Optional.ofNullable(tenantByHash.get(sha256));
    }

    public boolean isEmpty() {
        return tenantByHash.isEmpty();
    }

    public static String sha256(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
