/**
 * Everything on one machine with one command: a real single-node Kafka broker (KRaft, Apache Kafka's own classes,
 * on 127.0.0.1), a MongoDB-wire server keeping its data in a file, the services as child processes, and a demo
 * publisher that fills realistic customers through Kafka. Nothing here is used in production.
 */
@NullMarked
package dev.timeline.local;

import org.jspecify.annotations.NullMarked;
