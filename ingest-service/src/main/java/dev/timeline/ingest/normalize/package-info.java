/**
 * One document shape for every kind of interaction: the fields a timeline row shows (time, channel, event name,
 * summary, staff, ticket, attachments) at the top, the kind-specific ones under {@code detail}.
 */
@NullMarked
package dev.timeline.ingest.normalize;

import org.jspecify.annotations.NullMarked;
