package dev.timeline.query;

import java.time.Instant;

/** Where a page ended: the last entry's time and id. The next page starts strictly after it, newest first. */
public record Cursor(Instant occurredAt, String id) {}
