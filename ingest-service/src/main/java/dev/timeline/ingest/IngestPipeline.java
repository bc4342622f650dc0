package dev.timeline.ingest;

import static dev.timeline.events.store.TimelineFields.HEAD_ID;

import dev.timeline.events.Decoded;
import dev.timeline.events.EventType;
import dev.timeline.events.Kind;
import dev.timeline.events.RejectReason;
import dev.timeline.events.TimelineEvent;
import dev.timeline.ingest.changes.BatchChanges;
import dev.timeline.ingest.changes.ChangePublisher;
import dev.timeline.ingest.correlate.Folds;
import dev.timeline.ingest.correlate.HeadWriter;
import dev.timeline.ingest.deadletter.DeadLetter;
import dev.timeline.ingest.deadletter.DeadLetterPublisher;
import dev.timeline.ingest.deadletter.RefusedEvents;
import dev.timeline.ingest.decode.RecordDecoder;
import dev.timeline.ingest.erase.Eraser;
import dev.timeline.ingest.links.LinkWriter;
import dev.timeline.ingest.links.TicketStates;
import dev.timeline.ingest.normalize.TimelineEntries;
import dev.timeline.ingest.write.Checkpoints;
import dev.timeline.ingest.write.TimelineWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.springframework.stereotype.Service;

/**
 * One poll's worth of records: decode each, normalize the good ones, write them in idempotent bulks, then dead-letter
 * the bad ones. The store is written first so that a retry after a store failure, which repeats the whole batch,
 * cannot send a bad record to the dead-letter topic twice; every write is idempotent. When this returns, every record
 * is stored (on disk: the batch ends with a journaled {@link Checkpoints checkpoint}) or dead-lettered, and the
 * container may commit the offsets.
 *
 * <p>The writes, in order: entries of their own; parts of folded entries (a call's or an e-mail's events) and the
 * rebuilt entries they fold into; tickets' current state; identity links and merges; erases, last, so that an erase
 * also removes what came before it in the same batch; the record of what was refused; the checkpoint. Then what the
 * batch changed is published for the live streams ({@link ChangePublisher}) and the bad records are dead-lettered. Events of
 * customers erased earlier are dropped (counted as {@code timeline.ingest.suppressed}).
 */
@Service
public class IngestPipeline {
    private final RecordDecoder decoder;
    private final TimelineEntries entries;
    private final TimelineWriter writer;
    private final HeadWriter heads;
    private final TicketStates tickets;
    private final LinkWriter links;
    private final Eraser eraser;
    private final RefusedEvents refusals;
    private final Checkpoints checkpoints;
    private final DeadLetterPublisher deadLetters;
    private final ChangePublisher changes;
    private final IngestMetrics metrics;
    private final Clock clock;

    IngestPipeline(
            RecordDecoder decoder,
            TimelineEntries entries,
            TimelineWriter writer,
            HeadWriter heads,
            TicketStates tickets,
            LinkWriter links,
            Eraser eraser,
            RefusedEvents refusals,
            Checkpoints checkpoints,
            DeadLetterPublisher deadLetters,
            ChangePublisher changes,
            IngestMetrics metrics) {
        this.decoder = decoder;
        this.entries = entries;
        this.writer = writer;
        this.heads = heads;
        this.tickets = tickets;
        this.links = links;
        this.eraser = eraser;
        this.refusals = refusals;
        this.checkpoints = checkpoints;
        this.deadLetters = deadLetters;
        this.changes = changes;
        this.metrics = metrics;
        this.clock = Clock.systemUTC();
    }

    /** An accepted record on its way: where it came from, what it says, and the document it becomes. */
    private record Routed(String topic, TimelineEvent event, Document document) {}

    public void ingest(List<ConsumerRecord<String, byte[]>> records) {
        long started = System.nanoTime();
        Instant receivedAt = clock.instant();
        List<TimelineEvent> accepted = new ArrayList<>(records.size());
        List<String> acceptedTopics = new ArrayList<>(records.size());
        List<DeadLetter> rejected = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            Decoded decoded = decoder.decode(record);
            if (decoded instanceof Decoded.Accepted good) {
                accepted.add(good.event());
                acceptedTopics.add(record.topic());
            } else {
                rejected.add(new DeadLetter(record, (Decoded.Rejected) decoded));
            }
        }
        BitSet suppressed = eraser.suppressed(accepted);
        List<Routed> own = new ArrayList<>(accepted.size());
        List<Routed> parts = new ArrayList<>();
        List<TimelineEvent> ticketEvents = new ArrayList<>();
        List<TimelineEvent> controls = new ArrayList<>();
        List<TimelineEvent> erases = new ArrayList<>();
        for (int i = 0; i < accepted.size(); i++) {
            TimelineEvent event = accepted.get(i);
            String topic = acceptedTopics.get(i);
            if (suppressed.get(i)) {
                metrics.suppressed(topic);
                continue;
            }
            EventType type = event.type();
            if (type == EventType.CUSTOMER_ERASED) {
                erases.add(event);
                continue;
            }
            if (type.isControl()) {
                controls.add(event);
            } else if (type.kind() == Kind.TICKET) {
                ticketEvents.add(event);
            }
            Document document = entries.toDocument(event, receivedAt);
            String headId = Folds.headId(document);
            if (headId == null) {
                own.add(new Routed(topic, event, document));
            } else {
                parts.add(new Routed(topic, event, document.append(HEAD_ID, headId)));
            }
        }
        started = lap("decode", started);
        BitSet ownDuplicates = writer.write(documents(own));
        count(own, ownDuplicates);
        started = lap("entries", started);
        List<Document> partDocuments = documents(parts);
        count(parts, writer.writeParts(partDocuments));
        started = lap("parts", started);
        // Every part, duplicates included: a retry after a failure between the two writes must still add it.
        HeadWriter.Written headsWritten = heads.rebuild(partDocuments, eraser.generation());
        started = lap("heads", started);
        tickets.apply(ticketEvents);
        links.apply(controls);
        started = lap("states", started);
        erases.forEach(eraser::erase);
        refusals.record(rejected, receivedAt);
        checkpoints.batchStored(records, receivedAt);
        started = lap("checkpoint", started);
        changes.publish(BatchChanges.of(
                changes.now(),
                documents(own),
                ownDuplicates,
                partDocuments,
                headsWritten,
                ticketEvents,
                controls,
                erases));
        started = lap("changes", started);
        publish(rejected);
        lap("dead-letters", started);
    }

    /**
     * Dead-letters a record that failed on its own ({@link RejectReason#PROCESSING_FAILED}), recorded with what it
     * says of itself, as a batch does its bad ones.
     */
    public void deadLetterFailed(ConsumerRecord<String, byte[]> record, String why) {
        Decoded decoded = decoder.decode(record);
        Decoded.Seen seen = decoded instanceof Decoded.Accepted accepted ? Decoded.Seen.of(accepted.event()) : null;
        List<DeadLetter> letters =
                List.of(new DeadLetter(record, new Decoded.Rejected(RejectReason.PROCESSING_FAILED, why, seen)));
        refusals.record(letters, clock.instant());
        publish(letters);
    }

    private void publish(List<DeadLetter> letters) {
        List<DeadLetterPublisher.Outcome> outcomes = deadLetters.publish(letters);
        refusals.published(outcomes);
        for (DeadLetterPublisher.Outcome outcome : outcomes) {
            metrics.deadLettered(
                    outcome.letter().record().topic(),
                    outcome.letter().rejection().reason(),
                    outcome.form());
        }
    }

    private static List<Document> documents(List<Routed> routed) {
        List<Document> documents = new ArrayList<>(routed.size());
        routed.forEach(r -> documents.add(r.document()));
        return documents;
    }

    private long lap(String stage, long since) {
        long now = System.nanoTime();
        metrics.stage(stage).record(now - since, java.util.concurrent.TimeUnit.NANOSECONDS);
        return now;
    }

    private void count(List<Routed> routed, BitSet duplicates) {
        Map<String, long[]> storedAndDuplicates = new HashMap<>();
        for (int i = 0; i < routed.size(); i++) {
            storedAndDuplicates.computeIfAbsent(routed.get(i).topic(), t -> new long[2])[duplicates.get(i) ? 1 : 0]++;
        }
        storedAndDuplicates.forEach((topic, counts) -> {
            metrics.stored(topic, counts[0]);
            metrics.deduplicated(topic, counts[1]);
        });
    }
}
