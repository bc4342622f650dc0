/** Rerunnable load drivers; each reports a ratio to a baseline measured in the same run on the same machine. */
@NullMarked
package dev.timeline.bench;

import org.jspecify.annotations.NullMarked;
