package dev.timeline.bench;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import dev.timeline.events.CustomerRef;
import dev.timeline.events.Events;
import dev.timeline.events.TimelineEvent;
import dev.timeline.events.store.TimelineFields;
import dev.timeline.ingest.correlate.Folds;
import dev.timeline.ingest.normalize.TimelineEntries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A tenant's stored timeline as the ingest service leaves it: {@code events} events of every type, the first
 * {@code bigCustomerEvents} of them for {@code cus-big}, the rest over 5,000 customers, spread over a year; calls and
 * sent mails folded into their entries with their parts stored, exactly as {@link Folds} does.
 */
final class TimelineData {
    static final String TENANT = "bench";
    static final String BIG = "cus-big";
    static final int CUSTOMERS = 5000;
    private static final InsertManyOptions UNORDERED = new InsertManyOptions().ordered(false);

    private final int events;
    private final int bigCustomerEvents;

    TimelineData(int events, int bigCustomerEvents) {
        this.events = events;
        this.bigCustomerEvents = bigCustomerEvents;
    }

    static String smallCustomer() {
        return "cus-42";
    }

    /** Hands the events to {@code sink}, one customer's set of every type at a time. */
    void forEachSet(Consumer<List<TimelineEvent>> sink) {
        int written = 0;
        int customer = 0;
        while (written < events) {
            boolean big = written < bigCustomerEvents;
            CustomerRef ref = CustomerRef.id(big ? BIG : "cus-" + (customer++ % CUSTOMERS));
            List<TimelineEvent> set = new ArrayList<>();
            for (TimelineEvent e : Events.everyType(TENANT, ref, "b" + written)) {
                if (written >= events) {
                    break;
                }
                set.add(new TimelineEvent(
                        e.id(),
                        e.source(),
                        Events.T0.plusSeconds(written * 31L % 31_536_000L),
                        e.tenant(),
                        e.customer(),
                        e.staff(),
                        e.ticketId(),
                        e.attachments(),
                        e.payload()));
                written++;
            }
            sink.accept(set);
        }
    }

    /** Writes the folded entries and their parts with unordered {@code insertMany} batches of 1000. */
    void load(MongoDatabase database) {
        TimelineEntries normalizer = new TimelineEntries();
        Instant received = Instant.now();
        var timeline = database.getCollection(TimelineFields.DEFAULT_COLLECTION);
        var parts = database.getCollection(TimelineFields.PARTS_COLLECTION);
        List<org.bson.Document> entryBatch = new ArrayList<>(1100);
        List<org.bson.Document> partBatch = new ArrayList<>(1100);
        forEachSet(set -> {
            Folds.Folded folded = Folds.fold(
                    set.stream().map(e -> normalizer.toDocument(e, received)).toList());
            entryBatch.addAll(folded.entries());
            partBatch.addAll(folded.parts());
            if (entryBatch.size() >= 1000) {
                timeline.insertMany(entryBatch, UNORDERED);
                entryBatch.clear();
            }
            if (partBatch.size() >= 1000) {
                parts.insertMany(partBatch, UNORDERED);
                partBatch.clear();
            }
        });
        if (!entryBatch.isEmpty()) {
            timeline.insertMany(entryBatch, UNORDERED);
        }
        if (!partBatch.isEmpty()) {
            parts.insertMany(partBatch, UNORDERED);
        }
    }
}
