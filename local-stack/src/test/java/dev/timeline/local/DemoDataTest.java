package dev.timeline.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timeline.events.Decoded;
import dev.timeline.events.EventCodec;
import dev.timeline.events.EventType;
import dev.timeline.events.TimelineEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemoDataTest {
    private static final Instant NOW = Instant.parse("2026-11-25T03:00:00Z");
    private final List<TimelineEvent> events = new DemoData(NOW).events();

    @Test
    void everyDemoEventPassesTheContract() {
        EventCodec codec = new EventCodec();

        assertThat(events)
                .allSatisfy(e -> assertThat(codec.decode(codec.encode(e), NOW)).isEqualTo(new Decoded.Accepted(e)));
    }

    @Test
    void coversEveryTypeOverMonthsForEveryCustomer() {
        Set<EventType> types = new HashSet<>();
        events.forEach(e -> types.add(e.type()));

        List<EventType> expected = new java.util.ArrayList<>(EventType.interactions());
        expected.addAll(List.of(EventType.IDENTITY_LINKED, EventType.CUSTOMERS_MERGED));
        assertThat(types).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(events)
                .extracting(e -> e.customer().key())
                .containsAll(DemoData.CUSTOMERS.stream().map(c -> c.ref().key()).toList());
        Instant oldest =
                events.stream().map(TimelineEvent::time).min(Instant::compareTo).orElseThrow();
        assertThat(Duration.between(oldest, NOW)).isGreaterThan(Duration.ofDays(180));
        assertThat(events).allSatisfy(e -> assertThat(e.time()).isBeforeOrEqualTo(NOW));
    }

    @Test
    void isTheSameOnEveryRunSoARestartDeduplicates() {
        assertThat(new DemoData(NOW).events()).isEqualTo(events);
        assertThat(events).extracting(TimelineEvent::id).doesNotHaveDuplicates();
    }
}
