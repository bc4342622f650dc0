package dev.timeline.api.live;

import dev.timeline.api.timeline.TimelineItem;
import dev.timeline.api.timeline.TimelineReader;
import dev.timeline.events.changes.Change;
import dev.timeline.query.CustomerResolver;
import dev.timeline.query.ResolvedCustomer;
import dev.timeline.query.Scope;
import dev.timeline.query.TimelineFilter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One open stream: whose timeline, with which filters, and the changes waiting to be sent to it. Changes are sent by
 * one sender at a time, in the order the feed read them; entries go through the page's own query (the stream's
 * filters, the entry's id) and the page's own mapping, so a pushed item is the item the page would show.
 */
final class LiveStream {
    /** What waits to be sent: a change with the stream's position after it, or a heartbeat. */
    record Pending(@Nullable Sequenced change, @Nullable String id) {
        static final Pending HEARTBEAT = new Pending(null, null);
    }

    /** Whose timeline: a customer's (resolved through links and merges) or a ticket's. */
    static final class Target {
        final String tenant;
        final @Nullable String ticketId;
        volatile @Nullable ResolvedCustomer customer;

        Target(String tenant, @Nullable ResolvedCustomer customer, @Nullable String ticketId) {
            this.tenant = tenant;
            this.customer = customer;
            this.ticketId = ticketId;
        }

        Scope scope() {
            ResolvedCustomer resolved = customer;
            return resolved != null ? Scope.customer(resolved) : Scope.ticket(ticketId);
        }

        /** The customer keys whose changes reach this stream (none for a ticket's). */
        Set<String> keys() {
            ResolvedCustomer resolved = customer;
            return resolved == null ? Set.of() : new LinkedHashSet<>(resolved.keys());
        }
    }

    final Target target;
    final String keyHash;
    final TimelineFilter filter;
    final SseEmitter emitter;
    /** Per partition, the offset up to which changes are already the client's (it resumed from there). */
    final long[] floor;

    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean closed;
    /** When something was last written to the client (nanoTime), for heartbeats to idle streams only. */
    private volatile long lastWrite = System.nanoTime();

    private volatile boolean heartbeatQueued;

    LiveStream(Target target, String keyHash, TimelineFilter filter, SseEmitter emitter, long[] floor) {
        this.target = target;
        this.keyHash = keyHash;
        this.filter = filter;
        this.emitter = emitter;
        this.floor = floor;
    }

    /** Queues a change; false when the client is already {@code limit} changes behind (it is to be dropped). */
    boolean offer(Pending pending, int limit) {
        if (closed) {
            return true;
        }
        if (pending.change() != null && queued.incrementAndGet() > limit) {
            return false;
        }
        queue.add(pending);
        return true;
    }

    /** Queues a heartbeat when nothing was written for {@code idleNanos} and none is queued; true when one was. */
    boolean heartbeatIfIdle(long now, long idleNanos) {
        if (closed || heartbeatQueued || now - lastWrite < idleNanos) {
            return false;
        }
        heartbeatQueued = true;
        queue.add(Pending.HEARTBEAT);
        return true;
    }

    /** Whether a sender should be started: nobody is sending for this stream now. */
    boolean claim() {
        return !closed && !queue.isEmpty() && scheduled.compareAndSet(false, true);
    }

    boolean isClosed() {
        return closed;
    }

    void close() {
        closed = true;
    }

    /** Sends what is queued, in order, until nothing is. Runs on one sender at a time ({@link #claim()}). */
    void drain(Sender sender) {
        do {
            try {
                while (!closed) {
                    List<Pending> batch = new ArrayList<>();
                    for (Pending next; batch.size() < 256 && (next = queue.poll()) != null; ) {
                        batch.add(next);
                    }
                    if (batch.isEmpty()) {
                        break;
                    }
                    send(batch, sender);
                }
            } catch (IOException | RuntimeException clientGone) {
                sender.failed(this, clientGone);
            } finally {
                scheduled.set(false);
            }
        } while (claim());
    }

    private void send(List<Pending> batch, Sender sender) throws IOException {
        List<String> entryIds = new ArrayList<>();
        for (Pending pending : batch) {
            Sequenced s = pending.change();
            if (s != null && s.change().entryId() != null && isEntry(s.change().type())) {
                entryIds.add(s.change().entryId());
            }
        }
        Map<String, TimelineItem> items = entryIds.isEmpty()
                ? Map.of()
                : sender.reader()
                        .entries(target.tenant, target.scope(), filter, List.copyOf(new LinkedHashSet<>(entryIds)));
        for (Pending pending : batch) {
            Sequenced s = pending.change();
            if (s == null) {
                heartbeatQueued = false;
                emitter.send(SseEmitter.event().comment("heartbeat"));
                lastWrite = System.nanoTime();
                continue;
            }
            queued.decrementAndGet();
            Change change = s.change();
            switch (change.type()) {
                case NEW, CHANGED -> {
                    TimelineItem item = items.get(change.entryId());
                    if (item != null) {
                        emit(change.type().wire(), pending.id(), item);
                        sender.pushed(change);
                    }
                }
                case TICKET -> {
                    emit("ticket", pending.id(), sender.reader().ticket(target.tenant, change.ticketId()));
                    sender.pushed(change);
                }
                case RELOAD -> {
                    reload(pending, sender, change, "history");
                }
                case GONE -> {
                    ResolvedCustomer customer = target.customer;
                    if (customer != null
                            && !change.keys().contains(customer.customerId())
                            && !change.keys().contains(customer.requested())) {
                        // Someone merged into or linked to this customer was erased: their entries left this timeline.
                        reload(pending, sender, change, "erased");
                    } else {
                        emit(
                                "gone",
                                pending.id(),
                                Map.of("customerId", change.keys().get(0)));
                        sender.pushed(change);
                        sender.ended(this);
                        emitter.complete();
                        return;
                    }
                }
            }
        }
    }

    private void reload(Pending pending, Sender sender, Change change, String reason) throws IOException {
        ResolvedCustomer before = target.customer;
        if (before != null) {
            target.customer = sender.resolver().resolve(target.tenant, before.requested());
            sender.rekeyed(this);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("reason", reason);
        ResolvedCustomer now = target.customer;
        if (now != null) {
            data.put("customerId", now.customerId());
        }
        emit("reload", pending.id(), data);
        sender.pushed(change);
    }

    private void emit(String event, @Nullable String id, Object data) throws IOException {
        SseEmitter.SseEventBuilder builder = SseEmitter.event().name(event);
        if (id != null) {
            builder.id(id);
        }
        emitter.send(builder.data(data, MediaType.APPLICATION_JSON));
        lastWrite = System.nanoTime();
    }

    private static boolean isEntry(Change.Type type) {
        return type == Change.Type.NEW || type == Change.Type.CHANGED;
    }

    /** What a stream needs from the registry while it sends. */
    interface Sender {
        TimelineReader reader();

        CustomerResolver resolver();

        void pushed(Change change);

        void rekeyed(LiveStream stream);

        void ended(LiveStream stream);

        void failed(LiveStream stream, Exception cause);
    }
}
