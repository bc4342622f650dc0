package dev.timeline.ingest.deadletter;

import static dev.timeline.events.store.Refusals.*;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.timeline.events.store.Refusals;
import dev.timeline.ingest.write.StaleWrites;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps a record of every refused record in {@link Refusals#COLLECTION}, written with the batch (so a redelivered
 * batch does not record it twice), then marked with how its dead letter went out.
 */
@Component
public class RefusedEvents {
    private final MongoCollection<Document> refusals;
    private final CircuitBreaker breaker;

    RefusedEvents(MongoTemplate mongo, CircuitBreaker storeBreaker) {
        this.refusals = mongo.getCollection(Refusals.COLLECTION);
        this.breaker = storeBreaker;
    }

    public void record(List<DeadLetter> letters, Instant refusedAt) {
        if (letters.isEmpty()) {
            return;
        }
        List<Document> documents =
                letters.stream().map(l -> document(l, refusedAt)).toList();
        breaker.executeRunnable(() -> StaleWrites.insertOnce(refusals, documents));
    }

    /** Notes how the dead letters went out (only those that were not published whole need it). */
    public void published(List<DeadLetterPublisher.Outcome> outcomes) {
        for (DeadLetterPublisher.Outcome outcome : outcomes) {
            if (outcome.form() != DeadLetterPublisher.Form.WHOLE) {
                ConsumerRecord<String, byte[]> record = outcome.letter().record();
                breaker.executeRunnable(() -> refusals.updateOne(
                        Filters.eq("_id", Refusals.id(record.topic(), record.partition(), record.offset())),
                        Updates.combine(
                                Updates.set(DEAD_LETTER, outcome.form().name()),
                                Updates.set("deadLetterError", outcome.error()))));
            }
        }
    }

    private static Document document(DeadLetter letter, Instant refusedAt) {
        ConsumerRecord<String, byte[]> record = letter.record();
        var seen = letter.rejection().seen();
        String keyTenant = null;
        String keyCustomer = null;
        if (record.key() != null && record.key().indexOf('/') > 0) {
            keyTenant = record.key().substring(0, record.key().indexOf('/'));
            keyCustomer = record.key().substring(record.key().indexOf('/') + 1);
        }
        Document document = new Document("_id", Refusals.id(record.topic(), record.partition(), record.offset()));
        put(document, TENANT, seen != null && seen.tenant() != null ? seen.tenant() : keyTenant);
        document.append(REASON, letter.rejection().reason().name());
        document.append(MESSAGE, letter.rejection().message());
        if (seen != null) {
            put(document, SOURCE, seen.source());
            put(document, TYPE, seen.type());
            put(document, EVENT_ID, seen.id());
            put(document, TIME, seen.time() == null ? null : Date.from(seen.time()));
        }
        put(document, CUSTOMER, seen != null && seen.customer() != null ? seen.customer() : keyCustomer);
        document.append(TOPIC, record.topic())
                .append(PARTITION, record.partition())
                .append(OFFSET, record.offset())
                .append(SIZE, record.value() == null ? 0 : record.value().length)
                .append(SHA256, DeadLetterPublisher.sha256(record.value()))
                .append(REFUSED_AT, Date.from(refusedAt))
                .append(DEAD_LETTER, DeadLetterPublisher.Form.WHOLE.name());
        return document;
    }

    private static void put(Document document, String field, @Nullable Object value) {
        if (value != null) {
            document.append(field, value);
        }
    }
}
