/** The file formats, each a {@link dev.timeline.export.format.RowWriter} that writes rows as they come. */
@NullMarked
package dev.timeline.export.format;

import org.jspecify.annotations.NullMarked;
