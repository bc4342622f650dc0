/**
 * Exports: a customer's timeline, with exactly the filters of the timeline API (the shared {@code timeline-query}), as
 * CSV, XLSX or NDJSON, streamed from a database cursor into the response so memory stays flat whatever the size.
 */
@NullMarked
package dev.timeline.export;

import org.jspecify.annotations.NullMarked;
