package dev.timeline.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process of the local stack (broker, store or a service) in a JVM of its own, its output in a log file, its pid
 * in {@code run/<name>.pid}. Supervised: when it dies unasked it is started again after a back-off (1 s, doubling),
 * up to {@value #MAX_RESTARTS} times in {@value #WINDOW_MINUTES} minutes; after that the stack gives up and stops with
 * a message naming the process and its log.
 */
final class ChildProcess implements AutoCloseable {
    static final int MAX_RESTARTS = 5;
    static final int WINDOW_MINUTES = 10;
    static final String MARKER = "-Dlocal-stack.child=";
    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);

    /** How a child shows it is ready: a line in its output, or its HTTP readiness probe answering 200. */
    sealed interface Readiness {
        record Line(String prefix) implements Readiness {}

        record Probe(int port) implements Readiness {}
    }

    private final String name;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path log;
    private final Path pidFile;
    private final Readiness readiness;
    private final Deque<Instant> restarts = new ArrayDeque<>();
    private volatile @Nullable Process process;
    private volatile long logOffset;
    private volatile boolean stopping;

    ChildProcess(
            String name,
            List<String> javaOptions,
            List<String> program,
            Map<String, String> env,
            Path runDir,
            Path logDir,
            Readiness readiness)
            throws IOException {
        this.name = name;
        List<String> full = new ArrayList<>();
        full.add(ProcessHandle.current().info().command().orElse("java"));
        full.add(MARKER + name);
        full.addAll(javaOptions);
        full.addAll(program);
        this.command = List.copyOf(full);
        this.env = Map.copyOf(env);
        Files.createDirectories(logDir);
        Files.createDirectories(runDir);
        this.log = logDir.resolve(name + ".log");
        this.pidFile = runDir.resolve(name + ".pid");
        this.readiness = readiness;
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    ChildProcess start() throws IOException {
        logOffset = Files.exists(log) ? Files.size(log) : 0;
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        Process started = builder.start();
        Files.writeString(pidFile, Long.toString(started.pid()));
        process = started;
        return this;
    }

    void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Process current = process;
            if (current == null || !current.isAlive()) {
                throw new IllegalStateException(
                        name + " exited" + (current == null ? "" : " with " + current.exitValue()) + "; see " + log);
            }
            if (ready(http)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + log);
    }

    private boolean ready(HttpClient http) throws IOException, InterruptedException {
        if (readiness instanceof Readiness.Line line) {
            try (var channel = java.nio.channels.FileChannel.open(log)) {
                long size = channel.size();
                if (size <= logOffset) {
                    return false;
                }
                java.nio.ByteBuffer tail = java.nio.ByteBuffer.allocate((int) Math.min(size - logOffset, 1 << 20));
                channel.read(tail, logOffset);
                return new String(tail.array(), 0, tail.position(), StandardCharsets.UTF_8).contains(line.prefix());
            }
        }
        int port = ((Readiness.Probe) readiness).port();
        HttpRequest probe = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2))
                .build();
        try {
            return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Restarts it whenever it dies unasked; calls {@code giveUp} when it died too often. */
    void supervise(int maxRestarts, Consumer<String> giveUp) {
        Process current = process;
        if (current == null) {
            return;
        }
        current.onExit().thenAccept(exited -> {
            if (!stopping) {
                restart(maxRestarts, giveUp, exited.exitValue());
            }
        });
    }

    /** Starts it again after a back-off, as often as it dies while starting, within the limit. */
    private void restart(int maxRestarts, Consumer<String> giveUp, int exitCode) {
        while (!stopping) {
            Instant now = Instant.now();
            while (!restarts.isEmpty()
                    && restarts.peekFirst().isBefore(now.minus(Duration.ofMinutes(WINDOW_MINUTES)))) {
                restarts.pollFirst();
            }
            if (restarts.size() >= maxRestarts) {
                giveUp.accept(name + " died " + (maxRestarts + 1) + " times in " + WINDOW_MINUTES
                        + " minutes (last exit code " + exitCode + "); see " + log);
                return;
            }
            long backoff = 1000L << Math.min(restarts.size(), 4);
            restarts.addLast(now);
            LOG.warn("{} exited with {}; starting it again in {} ms (log: {})", name, exitCode, backoff, log);
            try {
                Thread.sleep(backoff);
                if (stopping) {
                    return;
                }
                start();
                awaitReady(Duration.ofSeconds(180));
                LOG.info("{} is back", name);
                supervise(maxRestarts, giveUp);
                return;
            } catch (IllegalStateException diedWhileStarting) {
                Process current = process;
                exitCode = current == null || current.isAlive() ? -1 : current.exitValue();
                if (current != null && current.isAlive()) {
                    giveUp.accept(diedWhileStarting.getMessage());
                    return;
                }
            } catch (Exception e) {
                if (!stopping) {
                    giveUp.accept(name + " could not be started again: " + e.getMessage());
                }
                return;
            }
        }
    }

    /** The pid of the running process (for tests that kill it). */
    long pid() {
        Process current = process;
        return current == null ? -1 : current.pid();
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        Process current = process;
        if (current != null && current.isAlive()) {
            current.destroy();
            if (!current.waitFor(40, TimeUnit.SECONDS)) {
                current.destroyForcibly();
                current.waitFor(10, TimeUnit.SECONDS);
            }
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            LOG.debug("could not delete {}", pidFile);
        }
    }

    /**
     * Stops what a previous run of the stack left running (its pid files name them; only processes that still carry
     * this stack's marker for that name are touched), so that its ports are free and its data is not shared.
     */
    static void stopLeftovers(Path runDir) throws IOException, InterruptedException {
        if (!Files.isDirectory(runDir)) {
            return;
        }
        List<ProcessHandle> leftovers = new ArrayList<>();
        try (var files = Files.list(runDir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".pid") && !f.endsWith("stack.pid"))
                    .toList()) {
                String child = file.getFileName().toString().replace(".pid", "");
                try {
                    long pid = Long.parseLong(Files.readString(file).strip());
                    ProcessHandle.of(pid)
                            .filter(ProcessHandle::isAlive)
                            .filter(p -> p.info().commandLine().orElse("").contains(MARKER + child))
                            .ifPresent(leftovers::add);
                } catch (NumberFormatException garbage) {
                    // not ours
                }
                Files.deleteIfExists(file);
            }
        }
        for (ProcessHandle leftover : leftovers) {
            LOG.warn(
                    "Stopping pid {} left running by an earlier local stack ({})",
                    leftover.pid(),
                    leftover.info().commandLine().orElse("?"));
            leftover.destroy();
        }
        for (ProcessHandle leftover : leftovers) {
            try {
                leftover.onExit().get(40, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                leftover.destroyForcibly();
            }
        }
    }
}
