/**
 * Where records come in: a batch listener on every channel-family topic, its error handling (retry the batch while
 * the store is down, never dead-letter for that) and the topics it creates at start-up where asked.
 */
@NullMarked
package dev.timeline.ingest.source;

import org.jspecify.annotations.NullMarked;
