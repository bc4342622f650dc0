/**
 * The idempotent write: entries carry a deterministic id, so one unordered bulk insert stores the new ones and the
 * store's duplicate-key answers name the ones already there. No read-before-write, no upsert.
 */
@NullMarked
package dev.timeline.ingest.write;

import org.jspecify.annotations.NullMarked;
