package dev.timeline.ingest.erase;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.timeline.events.store.Erasures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two ingest instances share one suppression list: what one adds, the other's next batch suppresses, whether it keeps
 * the list in memory or (past the limit) asks the store for its batch's customers.
 */
class SuppressionListTest {
    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client = MongoClients.create(server.bindAndGetConnectionString());
    private final MongoCollection<Document> list =
            client.getDatabase("timeline").getCollection(Erasures.ERASED_CUSTOMERS);

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void anotherInstanceSeesWhatOneAddedAtItsNextBatch() {
        SuppressionList eraser = new SuppressionList(list, SuppressionList.CACHE_LIMIT);
        SuppressionList other = new SuppressionList(list, SuppressionList.CACHE_LIMIT);
        String alice = Erasures.subject("acme", "alice");
        String bob = Erasures.subject("acme", "bob");

        assertThat(found(other, alice, bob)).isEmpty();

        add(eraser, alice);
        assertThat(found(other, alice, bob)).containsExactly(alice);

        add(eraser, bob);
        assertThat(found(other, alice, bob)).containsExactlyInAnyOrder(alice, bob);
        assertThat(found(eraser, bob, Erasures.subject("globex", "bob"))).containsExactly(bob);
    }

    @Test
    void aBatchBuildsItsCandidatesOnlyOnceSomeoneWasErased() {
        SuppressionList instance = new SuppressionList(list, SuppressionList.CACHE_LIMIT);
        AtomicInteger built = new AtomicInteger();
        String alice = Erasures.subject("acme", "alice");
        Supplier<Map<String, String>> candidates = () -> {
            built.incrementAndGet();
            return Map.of(alice, alice);
        };
        List<String> found = new ArrayList<>();

        instance.find(candidates, found::add);
        assertThat(built).hasValue(0);

        add(new SuppressionList(list, SuppressionList.CACHE_LIMIT), alice);
        instance.find(candidates, found::add);
        assertThat(built).hasValue(1);
        assertThat(found).containsExactly(alice);
    }

    @Test
    void aListLargerThanTheLimitIsAskedForPerBatch() {
        SuppressionList small = new SuppressionList(list, 2);
        SuppressionList eraser = new SuppressionList(list, 2);
        List<String> erased = new ArrayList<>();
        for (String id : List.of("a", "b", "c")) {
            erased.add(Erasures.subject("acme", id));
            add(eraser, erased.get(erased.size() - 1));
        }
        String never = Erasures.subject("acme", "d");

        assertThat(found(small, erased.get(0), erased.get(2), never))
                .containsExactlyInAnyOrder(erased.get(0), erased.get(2));

        // Still too large after the next erase: the batch asks again and finds it.
        add(eraser, never);
        assertThat(found(small, erased.get(1), never)).containsExactlyInAnyOrder(erased.get(1), never);
    }

    private void add(SuppressionList instance, String subject) {
        list.insertOne(new Document("_id", subject).append("tenant", "acme"));
        instance.added();
    }

    private static List<String> found(SuppressionList instance, String... candidates) {
        List<String> found = new ArrayList<>();
        Map<String, String> bySubject = new LinkedHashMap<>();
        for (String candidate : candidates) {
            bySubject.put(candidate, candidate);
        }
        instance.find(() -> bySubject, found::add);
        return found;
    }
}
