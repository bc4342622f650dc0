package dev.timeline.events;

/** What {@link EventCodec#decode} made of a record: an event, or the reason it was rejected. */
public sealed interface Decoded {

    record Accepted(TimelineEvent event) implements Decoded {}

    record Rejected(RejectReason reason, String message) implements Decoded {}
}
