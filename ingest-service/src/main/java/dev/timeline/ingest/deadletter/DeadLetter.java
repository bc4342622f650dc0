package dev.timeline.ingest.deadletter;

import dev.timeline.events.Decoded;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A record refused by the contract, with why. */
public record DeadLetter(ConsumerRecord<String, byte[]> record, Decoded.Rejected rejection) {}
