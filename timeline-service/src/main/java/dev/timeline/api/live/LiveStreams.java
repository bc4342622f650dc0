package dev.timeline.api.live;

import dev.timeline.api.timeline.TimelineReader;
import dev.timeline.events.changes.Change;
import dev.timeline.query.CustomerResolver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Every open stream of this replica, the window of recent changes, and the dispatch of each change the
 * {@link ChangeFeed} reads to the streams it concerns (by tenant and customer key, or by ticket). Opening a stream
 * and dispatching a change take one lock, so a stream that resumes gets every change after its position exactly once:
 * those still in the window now, the others as they are read.
 *
 * <p>Metrics: {@code timeline.live.streams} (open, gauge), {@code timeline.live.pushed} (events sent, by event),
 * {@code timeline.live.delay} (written by ingest → sent to a client), {@code timeline.live.dropped} (streams closed by
 * the server, by reason: {@code slow}, {@code client-gone}), {@code timeline.live.refused} (streams refused, by
 * limit).
 */
@Service
public class LiveStreams implements SmartLifecycle, DisposableBean, LiveStream.Sender {
    private static final Logger log = LoggerFactory.getLogger(LiveStreams.class);

    private final LiveProperties properties;
    private final TimelineReader reader;
    private final CustomerResolver resolver;
    private final MeterRegistry registry;
    private final ChangeRing ring;
    /** tenant|customer key → streams; tenant|ticket id → streams. Guarded by {@code this}. */
    private final Map<String, Set<LiveStream>> byKey = new HashMap<>();

    private final Map<String, Set<LiveStream>> byTicket = new HashMap<>();
    private final Map<String, Integer> perKey = new ConcurrentHashMap<>();
    private final Set<LiveStream> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService senders;
    private @Nullable ScheduledExecutorService heartbeats;
    private final Timer delay;
    private volatile boolean feeding;
    private volatile boolean running;

    LiveStreams(
            LiveProperties properties,
            TimelineReader reader,
            CustomerResolver resolver,
            ObjectProvider<MeterRegistry> registry) {
        this.properties = properties;
        this.reader = reader;
        this.resolver = resolver;
        this.registry = registry.getIfAvailable(SimpleMeterRegistry::new);
        this.ring = new ChangeRing(properties.resumeWindow());
        // A write to a client that stopped reading blocks until the socket's write timeout: such a client holds one
        // thread, never the others' (threads beyond the core ones are made on demand and end when idle).
        this.senders = new java.util.concurrent.ThreadPoolExecutor(
                Math.max(1, properties.senders()),
                Math.max(Math.max(1, properties.senders()), properties.maxPerReplica()),
                60,
                TimeUnit.SECONDS,
                new java.util.concurrent.SynchronousQueue<>(),
                new CustomizableThreadFactory("live-sender-"));
        Gauge.builder("timeline.live.streams", open, Set::size)
                .description("Open live streams on this replica")
                .register(this.registry);
        this.delay = Timer.builder("timeline.live.delay")
                .description("From ingest's write to the event sent to a client")
                .publishPercentileHistogram()
                .register(this.registry);
    }

    /** Why a stream could not be opened: too many open, or live streams off. */
    static ErrorResponseException refused(HttpStatus status, String type, String title, String detail) {
        ErrorResponseException refusal = new ErrorResponseException(status);
        refusal.setType(java.net.URI.create(dev.timeline.web.Problems.TYPE_BASE + type));
        refusal.setTitle(title);
        refusal.setDetail(detail);
        return refusal;
    }

    /**
     * Opens a stream: refused over the limits; else registered, its first event sent ({@code ready}, or
     * {@code reset} when {@code lastEventId} is older than the window), then what it missed since {@code lastEventId}.
     */
    SseEmitter open(
            LiveStream.Target target,
            String keyHash,
            dev.timeline.query.TimelineFilter filter,
            @Nullable String lastEventId) {
        return open(
                target,
                keyHash,
                filter,
                lastEventId,
                new SseEmitter(properties.maxDuration().toMillis()));
    }

    /** {@link #open(LiveStream.Target, String, dev.timeline.query.TimelineFilter, String)} on a given emitter. */
    SseEmitter open(
            LiveStream.Target target,
            String keyHash,
            dev.timeline.query.TimelineFilter filter,
            @Nullable String lastEventId,
            SseEmitter emitter) {
        if (!properties.enabled() || !feeding) {
            throw refused(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "live-unavailable",
                    "Live updates unavailable",
                    properties.enabled()
                            ? "This replica is not reading the changes yet; retry shortly or poll the page."
                            : "Live updates are off on this deployment (timeline.api.live.enabled); poll the page.");
        }
        if (open.size() >= properties.maxPerReplica()) {
            refuse("replica");
            throw refused(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "too-many-streams",
                    "Too many open streams",
                    "This replica holds " + properties.maxPerReplica() + " streams, its limit; retry (another replica"
                            + " may take it).");
        }
        int mine = perKey.merge(keyHash, 1, Integer::sum);
        if (mine > properties.maxPerKey()) {
            perKey.merge(keyHash, -1, Integer::sum);
            refuse("key");
            throw refused(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "too-many-streams",
                    "Too many open streams",
                    "This API key holds " + properties.maxPerKey() + " open streams, its limit on one replica; close"
                            + " one first.");
        }
        LiveStream stream;
        synchronized (this) {
            long[] now = ring.position();
            long[] from = Position.decode(lastEventId, ring.partitions());
            Optional<List<ChangeRing.Missed>> missed =
                    from == null ? Optional.empty() : ring.since(from, change -> concerns(target, change));
            long[] floor = missed.isPresent() ? from : now;
            stream = new LiveStream(target, keyHash, filter, emitter, floor);
            Map<String, Object> ready = new java.util.LinkedHashMap<>();
            if (target.customer != null) {
                ready.put("customerId", target.customer.customerId());
            }
            if (target.ticketId != null) {
                ready.put("ticketId", target.ticketId);
            }
            ready.put("resumed", missed.isPresent());
            try {
                emitter.send(SseEmitter.event()
                        .reconnectTime(properties.reconnectDelay().toMillis())
                        .name(lastEventId != null && missed.isEmpty() ? "reset" : "ready")
                        .id(Position.encode(floor))
                        .data(ready, org.springframework.http.MediaType.APPLICATION_JSON));
            } catch (IOException clientGone) {
                perKey.merge(keyHash, -1, Integer::sum);
                emitter.completeWithError(clientGone);
                return emitter;
            }
            index(stream);
            open.add(stream);
            for (ChangeRing.Missed change : missed.orElse(List.of())) {
                stream.offer(
                        new LiveStream.Pending(change.change(), Position.encode(change.after())), Integer.MAX_VALUE);
            }
        }
        LiveStream registered = stream;
        emitter.onCompletion(() -> close(registered, null));
        emitter.onTimeout(() -> {
            close(registered, null);
            emitter.complete();
        });
        emitter.onError(e -> close(registered, "client-gone"));
        schedule(stream);
        return emitter;
    }

    /** The feed starts reading at these offsets (one per partition); streams may open from now on. */
    synchronized void started(long[] offsets) {
        ring.start(offsets);
        feeding = true;
    }

    /** The feed stopped (its topic is gone, the service stops): no new streams. */
    void stopped() {
        feeding = false;
    }

    /** Dispatches changes the feed read, in order. */
    void dispatch(List<Sequenced> changes) {
        Set<LiveStream> touched = new LinkedHashSet<>();
        synchronized (this) {
            for (Sequenced change : changes) {
                ring.add(change);
                Set<LiveStream> concerned = concerned(change.change());
                if (concerned.isEmpty()) {
                    continue;
                }
                long[] position = ring.position();
                for (LiveStream stream : concerned) {
                    if (change.offset() <= stream.floor[change.partition()]) {
                        continue; // the client had it before it resumed here
                    }
                    if (stream.offer(
                            new LiveStream.Pending(change, Position.encode(max(stream.floor, position))),
                            properties.queueLimit())) {
                        touched.add(stream);
                    } else {
                        drop(stream, "slow");
                    }
                }
            }
        }
        touched.forEach(this::schedule);
    }

    private Set<LiveStream> concerned(Change change) {
        Set<LiveStream> streams = new LinkedHashSet<>();
        for (String key : change.keys()) {
            streams.addAll(byKey.getOrDefault(change.tenant() + "|" + key, Set.of()));
        }
        if (change.ticketId() != null && change.type() != Change.Type.RELOAD && change.type() != Change.Type.GONE) {
            streams.addAll(byTicket.getOrDefault(change.tenant() + "|" + change.ticketId(), Set.of()));
        }
        return streams;
    }

    private static boolean concerns(LiveStream.Target target, Change change) {
        if (!target.tenant.equals(change.tenant())) {
            return false;
        }
        if (target.ticketId != null) {
            return target.ticketId.equals(change.ticketId())
                    && change.type() != Change.Type.RELOAD
                    && change.type() != Change.Type.GONE;
        }
        Set<String> keys = target.keys();
        return change.keys().stream().anyMatch(keys::contains);
    }

    private void index(LiveStream stream) {
        String tenant = stream.target.tenant;
        if (stream.target.ticketId != null) {
            byTicket.computeIfAbsent(tenant + "|" + stream.target.ticketId, k -> new LinkedHashSet<>())
                    .add(stream);
        }
        for (String key : stream.target.keys()) {
            byKey.computeIfAbsent(tenant + "|" + key, k -> new LinkedHashSet<>())
                    .add(stream);
        }
    }

    private void unindex(LiveStream stream) {
        byKey.values().forEach(streams -> streams.remove(stream));
        byKey.values().removeIf(Set::isEmpty);
        if (stream.target.ticketId != null) {
            String key = stream.target.tenant + "|" + stream.target.ticketId;
            Set<LiveStream> streams = byTicket.get(key);
            if (streams != null) {
                streams.remove(stream);
                if (streams.isEmpty()) {
                    byTicket.remove(key);
                }
            }
        }
    }

    private void schedule(LiveStream stream) {
        if (stream.claim()) {
            try {
                senders.execute(() -> stream.drain(this));
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                close(stream, null);
            }
        }
    }

    private void drop(LiveStream stream, String reason) {
        close(stream, reason);
        // Completing may write; never on the feed's thread under the lock.
        try {
            senders.execute(stream.emitter::complete);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // shutting down: stop() tells every client
        }
    }

    private void close(LiveStream stream, @Nullable String reason) {
        if (!open.remove(stream)) {
            return;
        }
        stream.close();
        synchronized (this) {
            unindex(stream);
        }
        perKey.merge(stream.keyHash, -1, Integer::sum);
        if (reason != null) {
            Counter.builder("timeline.live.dropped")
                    .description("Streams the server closed")
                    .tag("reason", reason)
                    .register(registry)
                    .increment();
        }
    }

    private void refuse(String limit) {
        Counter.builder("timeline.live.refused")
                .description("Streams refused over a limit")
                .tag("limit", limit)
                .register(registry)
                .increment();
    }

    private static long[] max(long[] a, long[] b) {
        long[] max = a.clone();
        for (int p = 0; p < Math.min(a.length, b.length); p++) {
            max[p] = Math.max(a[p], b[p]);
        }
        return max;
    }

    int openStreams() {
        return open.size();
    }

    // ---- LiveStream.Sender ----

    @Override
    public TimelineReader reader() {
        return reader;
    }

    @Override
    public CustomerResolver resolver() {
        return resolver;
    }

    @Override
    public void pushed(Change change) {
        Counter.builder("timeline.live.pushed")
                .description("Events sent to live streams")
                .tag("event", change.type().wire())
                .register(registry)
                .increment();
        if (change.writtenAt() > 0) {
            delay.record(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - change.writtenAt())));
        }
    }

    @Override
    public void rekeyed(LiveStream stream) {
        synchronized (this) {
            if (open.contains(stream)) {
                unindex(stream);
                index(stream);
            }
        }
    }

    @Override
    public void ended(LiveStream stream) {
        close(stream, null);
    }

    @Override
    public void failed(LiveStream stream, Exception cause) {
        log.debug("live stream closed: {}", cause.toString());
        close(stream, "client-gone");
        try {
            stream.emitter.completeWithError(cause);
        } catch (RuntimeException alreadyComplete) {
            // nothing left to tell
        }
    }

    // ---- lifecycle: heartbeats while running; on shutdown every client is told to reconnect elsewhere ----

    /**
     * Heartbeats go to streams idle for a heartbeat's interval, checked every second: streams opened at different times
     * get theirs at different times, and a busy stream gets none.
     */
    @Override
    public void start() {
        long every = Math.max(1, properties.heartbeat().toNanos());
        long check = Math.min(1_000_000_000L, every);
        heartbeats = Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("live-heartbeat-"));
        heartbeats.scheduleWithFixedDelay(
                () -> {
                    long now = System.nanoTime();
                    open.forEach(stream -> {
                        if (stream.heartbeatIfIdle(now, every)) {
                            schedule(stream);
                        }
                    });
                },
                check,
                check,
                TimeUnit.NANOSECONDS);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        feeding = false;
        ScheduledExecutorService beating = heartbeats;
        if (beating != null) {
            beating.shutdownNow();
        }
        for (LiveStream stream : List.copyOf(open)) {
            close(stream, null);
            try {
                stream.emitter.send(SseEmitter.event()
                        .name("reconnect")
                        .reconnectTime(properties.reconnectDelay().toMillis())
                        .data(
                                Map.of("reason", "this replica is shutting down"),
                                org.springframework.http.MediaType.APPLICATION_JSON));
                stream.emitter.complete();
            } catch (IOException | RuntimeException clientGone) {
                // it reconnects anyway
            }
        }
    }

    @Override
    public void destroy() {
        senders.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the web server's graceful shutdown, which would otherwise wait for the open streams. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
