/** Tells the timeline services what a stored batch changed, on the {@code timeline.changes} topic. */
@NullMarked
package dev.timeline.ingest.changes;

import org.jspecify.annotations.NullMarked;
