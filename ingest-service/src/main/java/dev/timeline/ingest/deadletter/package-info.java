/**
 * Records the contract refuses go, unchanged, to {@code <topic>-dlt}, with the reason in headers. The header names
 * and reason codes are a public contract, documented in the README.
 */
@NullMarked
package dev.timeline.ingest.deadletter;

import org.jspecify.annotations.NullMarked;
