/** Contract checks on a raw Kafka record: the codec's verdict, plus that the event came on its family's topic. */
@NullMarked
package dev.timeline.ingest.decode;

import org.jspecify.annotations.NullMarked;
