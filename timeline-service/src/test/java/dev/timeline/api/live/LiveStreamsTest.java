package dev.timeline.api.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.timeline.api.timeline.TimelineItem;
import dev.timeline.api.timeline.TimelineReader;
import dev.timeline.events.changes.Change;
import dev.timeline.query.CustomerResolver;
import dev.timeline.query.ResolvedCustomer;
import dev.timeline.query.TimelineFilter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The limits of {@link LiveStreams}: a client too slow to keep up is dropped, a full replica refuses. */
class LiveStreamsTest {
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final TimelineReader reader = mock(TimelineReader.class);
    private final CountDownLatch release = new CountDownLatch(1);
    private LiveStreams streams;

    private LiveStreams streams(int maxPerReplica, int queueLimit) {
        when(reader.ticket(anyString(), anyString()))
                .thenReturn(new TimelineItem.TicketLink("T-1", "https://help.example.vn/t/T-1", "t", "high", "open"));
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("meters", meters);
        streams = new LiveStreams(
                new LiveProperties(
                        true,
                        "unused",
                        "timeline.changes",
                        1000,
                        100,
                        maxPerReplica,
                        queueLimit,
                        Duration.ofHours(1),
                        Duration.ofMinutes(30),
                        Duration.ofSeconds(2),
                        1),
                reader,
                mock(CustomerResolver.class),
                beans.getBeanProvider(MeterRegistry.class));
        streams.started(new long[] {0});
        return streams;
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (streams != null) {
            streams.stop();
            streams.destroy();
        }
    }

    private static LiveStream.Target customer(String id) {
        return new LiveStream.Target("acme", new ResolvedCustomer(id, id, List.of(id), List.of()), null);
    }

    /** An emitter whose client stops reading after the first event: every later send blocks. */
    private SseEmitter stuckAfterFirst(AtomicInteger sends) {
        return new SseEmitter() {
            @Override
            public void send(SseEventBuilder builder) throws IOException {
                if (sends.incrementAndGet() > 1) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                super.send(builder);
            }
        };
    }

    @Test
    void dropsAClientThatFallsTooFarBehindInsteadOfBufferingForIt() {
        LiveStreams streams = streams(10, 5);
        AtomicInteger sends = new AtomicInteger();
        streams.open(customer("cus-1"), "k", TimelineFilter.NONE, null, stuckAfterFirst(sends));
        SseEmitter fine = new SseEmitter();
        streams.open(customer("cus-2"), "k", TimelineFilter.NONE, null, fine);
        assertThat(streams.openStreams()).isEqualTo(2);

        streams.dispatch(List.of(ticketChange("cus-1", 0)));
        await().atMost(Duration.ofSeconds(10)).until(() -> sends.get() == 2); // the sender is stuck on it
        for (long offset = 1; offset <= 7; offset++) {
            streams.dispatch(List.of(ticketChange("cus-1", offset)));
        }

        assertThat(streams.openStreams()).isEqualTo(1);
        assertThat(meters.get("timeline.live.dropped")
                        .tag("reason", "slow")
                        .counter()
                        .count())
                .isEqualTo(1);
        // The other client is not held up by it.
        streams.dispatch(List.of(ticketChange("cus-2", 8)));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> meters.find("timeline.live.pushed").counter() != null
                        && meters.get("timeline.live.pushed").counter().count() == 1);
    }

    @Test
    void aFullReplicaRefusesWithAProblem() {
        LiveStreams streams = streams(2, 5);
        streams.open(customer("cus-1"), "k1", TimelineFilter.NONE, null, new SseEmitter());
        streams.open(customer("cus-2"), "k2", TimelineFilter.NONE, null, new SseEmitter());

        assertThatThrownBy(() -> streams.open(customer("cus-3"), "k3", TimelineFilter.NONE, null, new SseEmitter()))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(503);
                    assertThat(e.getBody().getType().toString()).endsWith("/too-many-streams");
                });
        assertThat(meters.get("timeline.live.refused")
                        .tag("limit", "replica")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    private static Sequenced ticketChange(String customer, long offset) {
        return new Sequenced(0, offset, new Change(Change.Type.TICKET, "acme", List.of(customer), null, "T-1", 1));
    }
}
