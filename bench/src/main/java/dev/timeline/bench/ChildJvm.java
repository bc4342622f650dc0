package dev.timeline.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * This benchmark jar run again as a child process ({@code java -jar bench.jar <mode> …}), so that what is measured of
 * a store (its RSS, its start-up) is its own. Ready when it prints a line starting with the expected prefix.
 */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final String readyLine;
    private final long startedNanos;
    private final long readyNanos;

    private ChildJvm(Process process, String readyLine, long startedNanos, long readyNanos) {
        this.process = process;
        this.readyLine = readyLine;
        this.startedNanos = startedNanos;
        this.readyNanos = readyNanos;
    }

    static ChildJvm start(List<String> jvmOptions, String readyPrefix, String... args) throws IOException {
        String classPath = System.getProperty("java.class.path");
        List<String> self = classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)
                ? List.of("-jar", classPath)
                : List.of("-cp", classPath, Bench.class.getName());
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.addAll(self);
        command.addAll(List.of(args));
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        List<String> seen = new ArrayList<>();
        while ((line = out.readLine()) != null) {
            if (line.startsWith(readyPrefix)) {
                long ready = System.nanoTime();
                Thread drain = new Thread(() -> out.lines().forEach(l -> {}), "child-output");
                drain.setDaemon(true);
                drain.start();
                return new ChildJvm(process, line, started, ready);
            }
            seen.add(line);
        }
        throw new IllegalStateException("child " + List.of(args) + " exited: " + String.join("\n", seen));
    }

    String readyLine() {
        return readyLine;
    }

    double startSeconds() {
        return (readyNanos - startedNanos) / 1e9;
    }

    long pid() {
        return process.pid();
    }

    /** Resident set size now and at its peak, in MB, from {@code /proc} (0 where there is none). */
    long[] rssMegabytes() {
        try {
            long rss = 0;
            long peak = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kilobytes(line) / 1024;
                } else if (line.startsWith("VmHWM:")) {
                    peak = kilobytes(line) / 1024;
                }
            }
            return new long[] {rss, peak};
        } catch (IOException e) {
            return new long[] {0, 0};
        }
    }

    private static long kilobytes(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    /** Stops it: SIGTERM (a clean shutdown), or SIGKILL with {@code kill}. */
    void stop(boolean kill) throws InterruptedException {
        if (kill) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        process.waitFor();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            stop(false);
        }
    }
}
