/** Streaming exports: a database cursor, read in batches, written row by row into the HTTP response. */
@NullMarked
package dev.timeline.export.stream;

import org.jspecify.annotations.NullMarked;
