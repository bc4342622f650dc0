/**
 * Live timelines: Server-Sent Events for an open customer's or ticket's timeline, made from the changes ingest
 * publishes on {@code timeline.changes} ({@link dev.timeline.api.live.ChangeFeed}), resumable from a window of recent
 * changes every replica keeps ({@link dev.timeline.api.live.ChangeRing}).
 */
@NullMarked
package dev.timeline.api.live;

import org.jspecify.annotations.NullMarked;
