/**
 * The event contract that channel connectors publish: a CloudEvents 1.0 JSON envelope ({@link TimelineEvent}) whose
 * {@code data} carries the parts every event shares (customer, staff, ticket, attachments) and one typed
 * {@link Payload} per kind. {@link EventType} is the catalogue of wire types; {@link EventCodec} reads and writes the
 * wire form and says why it rejects what it cannot accept.
 */
@NullMarked
package dev.timeline.events;

import org.jspecify.annotations.NullMarked;
