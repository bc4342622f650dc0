package dev.timeline.api.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timeline.events.changes.Change;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeRingTest {

    private static Sequenced change(int partition, long offset) {
        return new Sequenced(
                partition,
                offset,
                new Change(Change.Type.NEW, "acme", List.of("cus-" + partition), "e-" + offset, null, 1));
    }

    @Test
    void givesEveryChangeAfterAPositionInReadOrderWithThePositionAfterEach() {
        ChangeRing ring = new ChangeRing(100);
        ring.start(new long[] {0, 0});
        List<Sequenced> read =
                List.of(change(0, 0), change(1, 0), change(0, 1), change(0, 2), change(1, 1), change(0, 3));
        read.forEach(ring::add);

        List<ChangeRing.Missed> missed =
                ring.since(new long[] {1, 0}, c -> true).orElseThrow();

        assertThat(missed).extracting(ChangeRing.Missed::change).containsExactly(read.get(3), read.get(4), read.get(5));
        assertThat(missed).extracting(m -> Position.encode(m.after())).containsExactly("2.0", "2.1", "3.1");
        assertThat(ring.position()).containsExactly(3, 1);
    }

    @Test
    void filtersButKeepsPositionsMoving() {
        ChangeRing ring = new ChangeRing(100);
        ring.start(new long[] {0, 0});
        List.of(change(0, 0), change(1, 0), change(0, 1)).forEach(ring::add);

        List<ChangeRing.Missed> missed =
                ring.since(new long[] {-1, -1}, c -> c.keys().contains("cus-0")).orElseThrow();

        assertThat(missed).extracting(m -> Position.encode(m.after())).containsExactly("0.-1", "1.0");
    }

    @Test
    void cannotResumeFromBeforeWhatItStillHolds() {
        ChangeRing ring = new ChangeRing(3);
        ring.start(new long[] {0});
        for (long offset = 0; offset < 10; offset++) {
            ring.add(change(0, offset));
        }

        assertThat(ring.since(new long[] {5}, c -> true)).isEmpty();
        assertThat(ring.since(new long[] {6}, c -> true).orElseThrow())
                .extracting(m -> m.change().offset())
                .containsExactly(7L, 8L, 9L);
        assertThat(ring.since(new long[] {9}, c -> true).orElseThrow()).isEmpty();
    }

    @Test
    void aReplicaThatStartedLaterOrReadsAnotherTopicCannotResume() {
        ChangeRing ring = new ChangeRing(100);
        ring.start(new long[] {10, 10});

        assertThat(ring.since(new long[] {5, 12}, c -> true)).isEmpty();
        assertThat(ring.since(new long[] {9, 9}, c -> true)).isPresent();
        assertThat(ring.since(new long[] {9, 9, 9}, c -> true)).isEmpty();
        assertThat(Position.decode("9.9", 2)).containsExactly(9, 9);
        assertThat(Position.decode("9.x", 2)).isNull();
        assertThat(Position.decode("9.-7", 2)).isNull();
        assertThat(Position.decode("9", 2)).isNull();
    }
}
