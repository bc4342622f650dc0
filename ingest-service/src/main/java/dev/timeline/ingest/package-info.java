/**
 * The ingest service: channel events from Kafka, normalized into the MongoDB timeline, each exactly once. The stages
 * are packages, in the order a record passes them: {@code source} (the Kafka listener), {@code decode} (contract
 * checks), {@code normalize} (one document shape for every kind), {@code write} (idempotent bulk insert) and
 * {@code deadletter} (what was refused, and why). {@link dev.timeline.ingest.IngestPipeline} strings them together.
 */
@NullMarked
package dev.timeline.ingest;

import org.jspecify.annotations.NullMarked;
