package dev.timeline.api.live;

import dev.timeline.events.changes.Change;

/** A change as the feed read it: its partition and offset on the changes topic. */
record Sequenced(int partition, long offset, Change change) {}
