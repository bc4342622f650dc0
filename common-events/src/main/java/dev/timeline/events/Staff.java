package dev.timeline.events;

import org.jspecify.annotations.Nullable;

/** The staff member involved: who answered, called, replied or commented. */
public record Staff(String id, @Nullable String name) {}
