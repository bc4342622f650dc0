package dev.timeline.wirestore.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.CursorNotFoundException;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenCursorsTest {
    private final CursorRegistry registry = new CursorRegistry();
    private final AtomicLong now = new AtomicLong();
    private final OpenCursors cursors = new OpenCursors(registry, Duration.ofMinutes(10), now::get);

    @AfterEach
    void close() {
        cursors.close();
    }

    /** An answer of n documents that counts how many were read from it. */
    private static Iterator<Document> answer(int n, AtomicInteger read) {
        return IntStream.range(0, n)
                .mapToObj(i -> {
                    read.incrementAndGet();
                    return new Document("_id", i);
                })
                .iterator();
    }

    @Test
    void readsAnAnswerOnlyAsFarAsItsBatchesAreAskedFor() {
        AtomicInteger read = new AtomicInteger();
        Cursor cursor = cursors.open(answer(10_000, read));

        var first = cursor.takeDocuments(100);
        var second = registry.getCursor(cursor.getId()).takeDocuments(100);

        assertThat(first).hasSize(100).first().isEqualTo(new Document("_id", 0));
        assertThat(second).hasSize(100).first().isEqualTo(new Document("_id", 100));
        assertThat(read.get()).isLessThanOrEqualTo(201);
        assertThat(cursor.isEmpty()).isFalse();
    }

    @Test
    void forgetsACursorLeftIdleForTheTimeoutAndNotBefore() {
        Cursor cursor = cursors.open(answer(1_000, new AtomicInteger()));

        now.addAndGet(Duration.ofMinutes(9).toNanos());
        cursor.takeDocuments(10);
        now.addAndGet(Duration.ofMinutes(9).toNanos());
        assertThat(cursors.sweep()).isZero();
        assertThat(registry.getCursor(cursor.getId())).isSameAs(cursor);

        now.addAndGet(Duration.ofMinutes(2).toNanos());
        assertThat(cursors.sweep()).isEqualTo(1);
        assertThatThrownBy(() -> registry.getCursor(cursor.getId())).isInstanceOf(CursorNotFoundException.class);
        assertThat(cursors.timedOut()).isEqualTo(1);
        assertThat(cursors.size()).isZero();
    }

    @Test
    void letsGoOfCursorsReadToTheEndOrKilled() {
        Cursor read = cursors.open(answer(50, new AtomicInteger()));
        Cursor killed = cursors.open(answer(50, new AtomicInteger()));

        assertThat(read.takeDocuments(100)).hasSize(50);
        assertThat(read.isEmpty()).isTrue();
        registry.remove(killed);
        cursors.sweep();

        assertThat(cursors.size()).isZero();
        assertThat(cursors.timedOut()).isZero();
    }
}
