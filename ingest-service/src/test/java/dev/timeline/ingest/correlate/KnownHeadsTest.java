package dev.timeline.ingest.correlate;

import static dev.timeline.events.store.TimelineFields.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.timeline.events.CallAnswered;
import dev.timeline.events.CallStarted;
import dev.timeline.events.CustomerRef;
import dev.timeline.events.Direction;
import dev.timeline.events.Events;
import dev.timeline.events.Payload;
import dev.timeline.events.TimelineEvent;
import dev.timeline.ingest.IngestProperties;
import dev.timeline.ingest.normalize.TimelineEntries;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * A head this instance wrote is folded again without reading it first; a remembered head that someone else changed —
 * another instance, or an erase that deleted it and a later event that made it anew — is found so by the check after
 * the write and made again from what is stored.
 */
class KnownHeadsTest {
    private static final String CALL = "call-77";

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final String uri = server.bindAndGetConnectionString();
    private final AtomicInteger headReads = new AtomicInteger();
    private final AtomicInteger partReads = new AtomicInteger();
    private final MongoTemplate mongo = new MongoTemplate(
            MongoClients.create(MongoClientSettings.builder()
                    .applyConnectionString(new ConnectionString(uri))
                    .addCommandListener(new CommandListener() {
                        @Override
                        public void commandStarted(CommandStartedEvent event) {
                            if (event.getCommandName().equals("find")) {
                                String collection =
                                        event.getCommand().getString("find").getValue();
                                (collection.equals(DEFAULT_COLLECTION) ? headReads : partReads).incrementAndGet();
                            }
                        }
                    })
                    .build()),
            "timeline");
    private final TimelineEntries entries = new TimelineEntries();
    private int instant;

    @AfterEach
    void stop() {
        server.shutdownNow();
    }

    @Test
    void aCallsNextEventIsFoldedWithoutReadingItsHeadBack() {
        HeadWriter heads = writer(mongo);

        ingest(heads, 0, part("e1", new CallStarted(CALL, Direction.INBOUND, "1900 1234")));
        headReads.set(0);
        partReads.set(0);

        ingest(heads, 0, part("e2", new CallAnswered(CALL, Direction.INBOUND, "1900 1234")));

        assertThat(headReads)
                .as("only the check of its part ids after the write")
                .hasValue(1);
        assertThat(partReads).hasValue(0);
        assertThat(head()).containsEntry(PART_COUNT, 2);
        assertThat(head().getList(PART_IDS, String.class)).hasSize(2);
        assertThat(head().get(DETAIL, Document.class)).containsEntry("status", "answered");
    }

    @Test
    void aHeadOpenedByTheBatchIsInsertedUnreadAndAnyOtherUnknownHeadIsReadFirst() {
        ingest(writer(mongo), 0, part("e1", new CallStarted(CALL, Direction.INBOUND, null)));
        assertThat(headReads).as("a call's start: inserted, no read, no check").hasValue(0);
        assertThat(partReads).hasValue(0);

        ingest(writer(mongo), 0, part("e2", new CallAnswered(CALL, Direction.INBOUND, null)));
        assertThat(headReads)
                .as("not remembered, not opened here: read, then checked")
                .hasValue(2);
        assertThat(partReads).hasValue(1);

        assertThat(head()).containsEntry(PART_COUNT, 2);
    }

    @Test
    void aStartArrivingAfterTheCallsOtherEventsLosesItsInsertAndIsFoldedInAllTheSame() {
        ingest(writer(mongo), 0, part("e1", new CallAnswered(CALL, Direction.INBOUND, null)));
        headReads.set(0);
        partReads.set(0);

        ingest(writer(mongo), 0, part("e0", new CallStarted(CALL, Direction.INBOUND, "1900 1234")));

        assertThat(headReads)
                .as("the insert fails on the stored head: read, written, checked")
                .hasValue(2);
        assertThat(head()).containsEntry(PART_COUNT, 2);
        assertThat(head().getList(HISTORY, Document.class))
                .extracting(h -> h.getString("type"))
                .containsExactly("call.answered", "call.started"); // in the order they happened (e0 came later here)
    }

    @Test
    void aHeadChangedByAnotherInstanceIsReadAndKeepsEveryonesParts() {
        HeadWriter one = writer(mongo);
        HeadWriter other = writer(mongo);
        Document started = part("e1", new CallStarted(CALL, Direction.INBOUND, null));
        Document answered = part("e2", new CallAnswered(CALL, Direction.INBOUND, null));
        Document ended = part(
                "e3",
                Events.callEnded("acme", CustomerRef.id("cus-1"), "x", Events.T0)
                        .payload());

        ingest(one, 0, started);
        ingest(other, 0, answered); // does not know the head: reads it
        ingest(one, 0, ended); // remembers the head with one part: its check finds two, and it makes the head again

        assertThat(head()).containsEntry(PART_COUNT, 3);
        assertThat(head().getList(HISTORY, Document.class)).hasSize(3);
        assertThat(head().get(DETAIL, Document.class))
                .containsEntry("status", "answered")
                .containsEntry("hotline", "1900 1234");
        assertThat(head().getList(PART_IDS, String.class))
                .containsExactlyInAnyOrder(started.getString(ID), answered.getString(ID), ended.getString(ID));
    }

    @Test
    void anEraseMakesTheInstanceForgetWhatItRemembers() {
        HeadWriter heads = writer(mongo);
        ingest(heads, 0, part("e1", new CallStarted(CALL, Direction.INBOUND, null)));
        headReads.set(0);
        partReads.set(0);

        ingest(heads, 1, part("e2", new CallAnswered(CALL, Direction.INBOUND, null)));

        assertThat(headReads)
                .as("read again after the erase generation moved, and checked")
                .hasValue(2);
        assertThat(partReads).hasValue(1);
        assertThat(head()).containsEntry(PART_COUNT, 2);
    }

    @Test
    void aHeadMadeAnewAfterAnEraseIsNotOverwrittenWithWhatWasErased() {
        HeadWriter remembering = writer(mongo);
        Document erased1 = part("e1", new CallStarted(CALL, Direction.INBOUND, null));
        Document erased2 = part("e2", new CallAnswered(CALL, Direction.INBOUND, null));
        ingest(remembering, 0, erased1, erased2);
        // An erase elsewhere deletes the head and its parts; later events of the call make it again, with as many
        // parts.
        mongo.getCollection(DEFAULT_COLLECTION).deleteMany(new Document());
        mongo.getCollection(PARTS_COLLECTION).deleteMany(new Document());
        Document later1 = part("e3", new CallAnswered(CALL, Direction.INBOUND, null));
        Document later2 = part(
                "e4",
                Events.callEnded("acme", CustomerRef.id("cus-1"), "y", Events.T0)
                        .payload());
        ingest(writer(mongo), 0, later1, later2);
        assertThat(head()).containsEntry(PART_COUNT, 2);

        // The first instance has not seen the erase generation move yet, and remembers two parts as well.
        Document latest = part(
                "e5",
                Events.callEnded("acme", CustomerRef.id("cus-1"), "z", Events.T0)
                        .payload());
        ingest(remembering, 0, latest);

        assertThat(head().getList(PART_IDS, String.class))
                .containsExactlyInAnyOrder(later1.getString(ID), later2.getString(ID), latest.getString(ID));
        assertThat(head().getList(HISTORY, Document.class))
                .extracting(h -> h.getString("type"))
                .containsExactly("call.answered", "call.ended", "call.ended");
        assertThat(head()).containsEntry(PART_COUNT, 3);
    }

    private void ingest(HeadWriter heads, long erasures, Document... parts) {
        // As the pipeline does: parts are stored before their heads are rebuilt.
        mongo.getCollection(PARTS_COLLECTION).insertMany(List.of(parts));
        heads.rebuild(List.of(parts), erasures);
    }

    private Document head() {
        return mongo.getCollection(DEFAULT_COLLECTION)
                .find(Filters.exists(PART_COUNT))
                .first();
    }

    /** A part of the call {@link #CALL}, whatever the payload's own call id. */
    private Document part(String id, Payload payload) {
        Payload ofTheCall = payload instanceof dev.timeline.events.CallEnded e
                ? new dev.timeline.events.CallEnded(
                        CALL, e.direction(), e.hotline(), e.outcome(), e.durationSeconds(), e.recordingUrl())
                : payload;
        TimelineEvent event = Events.event(
                "acme", CustomerRef.id("cus-1"), "callcenter/x", id, Events.T0.plusSeconds(instant++), ofTheCall);
        Document document = entries.toDocument(event, Instant.now().plusSeconds(instant));
        return document.append(HEAD_ID, Folds.headId(document));
    }

    private static HeadWriter writer(MongoTemplate mongo) {
        return new HeadWriter(mongo, IngestProperties.defaults(), CircuitBreaker.ofDefaults("test"));
    }
}
