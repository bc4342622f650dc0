package dev.timeline.events;

import org.jspecify.annotations.Nullable;

/** A file that came with an interaction; the timeline stores the reference, never the bytes. */
public record Attachment(
        String name,
        String url,
        @Nullable String contentType,
        @Nullable Long sizeBytes) {

    public static Attachment of(String name, String url) {
        return new Attachment(name, url, null, null);
    }
}
