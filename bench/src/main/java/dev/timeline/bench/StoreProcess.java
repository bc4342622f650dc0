package dev.timeline.bench;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A MongoDB-wire store (mongo-java-server, memory backend) in a JVM of its own, so that what a benchmark measures of
 * its own heap is not the store's. The child prints its connection string and lives until its stdin closes.
 */
final class StoreProcess implements AutoCloseable {
    private final Process process;
    private final String uri;

    private StoreProcess(Process process, String uri) {
        this.process = process;
        this.uri = uri;
    }

    static StoreProcess start(String heap) throws Exception {
        // Launched as java -jar bench.jar (an executable jar with nested jars): the child is the same jar.
        String classPath = System.getProperty("java.class.path");
        List<String> self = classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)
                ? List.of("-jar", classPath)
                : List.of("-cp", classPath, Bench.class.getName());
        List<String> command = new java.util.ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx" + heap);
        command.addAll(self);
        command.add("store");
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String uri = lines.readLine();
        if (uri == null || !uri.startsWith("mongodb://")) {
            process.destroyForcibly();
            throw new IllegalStateException("the store process did not start: " + uri);
        }
        return new StoreProcess(process, uri);
    }

    /** The child's side: serve until the parent closes our stdin (or dies), then exit at once. */
    static void serve() throws Exception {
        MongoServer server = new MongoServer(new MemoryBackend());
        System.out.println(server.bindAndGetConnectionString());
        System.out.flush();
        System.in.transferTo(java.io.OutputStream.nullOutputStream());
        // No clean shutdown: it waits on the parent's connections, which may have died with it.
        Runtime.getRuntime().halt(0);
    }

    String uri() {
        return uri;
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
