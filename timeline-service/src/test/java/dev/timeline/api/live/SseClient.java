package dev.timeline.api.live;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** A Server-Sent Events client as a browser's EventSource reads a stream: events with name, id and data; comments. */
final class SseClient implements AutoCloseable {
    record Event(String name, @Nullable String id, String data) {}

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger comments = new AtomicInteger();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final CompletableFuture<Integer> status = new CompletableFuture<>();
    private final String url;
    private volatile @Nullable HttpURLConnection connection;

    /**
     * Opens {@code url} with the key in the header, and {@code lastEventId} when given, as EventSource reconnects. A
     * plain {@link HttpURLConnection}: closing it closes the socket, so the server sees the client leave.
     */
    SseClient(String url, String apiKey, @Nullable String lastEventId) {
        this.url = url;
        Thread reader = new Thread(
                () -> {
                    try {
                        HttpURLConnection c =
                                (HttpURLConnection) URI.create(url).toURL().openConnection();
                        connection = c;
                        if (!apiKey.isEmpty()) {
                            c.setRequestProperty("X-API-Key", apiKey);
                        }
                        c.setRequestProperty("Accept", "text/event-stream");
                        if (lastEventId != null) {
                            c.setRequestProperty("Last-Event-ID", lastEventId);
                        }
                        c.setReadTimeout((int) Duration.ofMinutes(5).toMillis());
                        status.complete(c.getResponseCode());
                        if (c.getResponseCode() == 200) {
                            try (BufferedReader lines = new BufferedReader(
                                    new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
                                read(lines.lines());
                            }
                        }
                    } catch (IOException | RuntimeException closed) {
                        status.complete(-1);
                    } finally {
                        ended.set(true);
                    }
                },
                "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    int status() {
        return status.join();
    }

    private void read(Stream<String> body) {
        String name = null;
        String id = null;
        StringBuilder data = new StringBuilder();
        try {
            for (var it = body.iterator(); it.hasNext(); ) {
                String line = it.next();
                if (line.isEmpty()) {
                    if (data.length() > 0 || name != null) {
                        events.add(new Event(name == null ? "message" : name, id, data.toString()));
                    }
                    name = null;
                    id = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    comments.incrementAndGet();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    if (data.length() > 0) {
                        data.append('\n');
                    }
                    data.append(line.substring(5).stripLeading());
                }
            }
        } catch (RuntimeException closed) {
            // closed by us, or the connection dropped
        } finally {
            ended.set(true);
        }
    }

    List<Event> events() {
        return new ArrayList<>(events);
    }

    List<Event> named(String name) {
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }

    /** The id the client would send on reconnect: the last event's that had one. */
    @Nullable
    String lastEventId() {
        String last = null;
        for (Event event : events) {
            if (event.id() != null) {
                last = event.id();
            }
        }
        return last;
    }

    int comments() {
        return comments.get();
    }

    boolean ended() {
        return ended.get();
    }

    @Override
    public String toString() {
        return url + " (" + (status.isDone() ? status.join() : "no answer yet") + "): " + events;
    }

    @Override
    public void close() {
        HttpURLConnection open = connection;
        if (open != null) {
            open.disconnect();
        }
    }
}
