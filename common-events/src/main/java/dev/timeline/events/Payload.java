package dev.timeline.events;

/**
 * The kind-specific part of an event. Each record is one wire type of {@link EventType}; its fields sit in the
 * CloudEvents {@code data} object next to the shared ones (customer, staff, ticketId, attachments).
 */
public sealed interface Payload
        permits MessageReceived,
                MessageSent,
                CallStarted,
                CallAnswered,
                CallMissed,
                CallEnded,
                CallRecordingReady,
                EmailReceived,
                EmailSent,
                EmailDelivered,
                EmailOpened,
                EmailClicked,
                TicketCreated,
                TicketCommented,
                TicketPriorityChanged,
                TicketStatusChanged,
                WorkflowExecuted,
                ChatbotReplied,
                TriggerFired,
                StageChanged,
                ScoreChanged,
                IdentityLinked,
                IdentityUnlinked,
                CustomersMerged,
                MergeUndone,
                CustomerErased {

    int TEXT_MAX = 100_000;
    int NAME_MAX = 1_000;
    int ID_MAX = 200;

    /** Adds what this payload breaks of the contract; fields are named as {@code data.<field>}. */
    void validate(Violations violations);
}
