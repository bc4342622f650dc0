/**
 * What ingest tells the timeline services after it stored a batch: which entries are new or changed, whose history
 * moved (links, merges) and who was erased. Carried on the {@code timeline.changes} topic; the live streams are made
 * from it.
 */
@NullMarked
package dev.timeline.events.changes;

import org.jspecify.annotations.NullMarked;
