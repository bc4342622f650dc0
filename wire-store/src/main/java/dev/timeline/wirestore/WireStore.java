package dev.timeline.wirestore;

import dev.timeline.wirestore.backend.LogBackend;
import dev.timeline.wirestore.log.StoreLog;
import dev.timeline.wirestore.wire.WireServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MongoDB-wire server on disk: mongo-java-server's protocol handling and query semantics over the
 * {@link LogBackend}. Run it as {@code java -cp … dev.timeline.wirestore.WireStore --data-dir=… --port=27017}, or
 * embed it with {@link #start}.
 */
public final class WireStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WireStore.class);
    /** Netty event loops: enough that a long scan on one connection does not hold up the writes of another. */
    private static final int WORKER_THREADS = 16;

    private final WireServer server;
    private final LogBackend backend;
    private final InetSocketAddress address;

    private WireStore(WireServer server, LogBackend backend, InetSocketAddress address) {
        this.server = server;
        this.backend = backend;
        this.address = address;
    }

    /** Opens the data in {@code dataDir} and listens on {@code host:port} (port 0: any free one). */
    public static WireStore start(Path dataDir, String host, int port, StoreLog.Settings settings) throws IOException {
        long started = System.nanoTime();
        StoreLog storeLog = StoreLog.open(dataDir, settings);
        LogBackend backend;
        try {
            backend = new LogBackend(storeLog);
        } catch (RuntimeException e) {
            storeLog.close();
            throw e;
        }
        WireServer server = WireServer.bind(backend, new InetSocketAddress(host, port), WORKER_THREADS);
        InetSocketAddress address = server.address();
        log.info(
                "wire store on {}:{} (data in {}) ready in {} ms",
                address.getHostString(),
                address.getPort(),
                dataDir,
                (System.nanoTime() - started) / 1_000_000);
        return new WireStore(server, backend, address);
    }

    public static WireStore start(Path dataDir, String host, int port) throws IOException {
        return start(dataDir, host, port, StoreLog.Settings.defaults());
    }

    public int port() {
        return address.getPort();
    }

    public String uri(String database) {
        return "mongodb://" + address.getHostString() + ":" + address.getPort() + "/" + database;
    }

    public StoreLog storeLog() {
        return backend.storeLog();
    }

    /** Stops serving and closes the log (synced): a clean stop loses nothing. */
    @Override
    public void close() {
        server.close();
    }

    /** {@code --data-dir=DIR --host=127.0.0.1 --port=27017 --sync-every-ms=100 --segment-mb=64} */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("unknown argument " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        Path dataDir = Path.of(options.getOrDefault("data-dir", "wire-store-data"));
        StoreLog.Settings defaults = StoreLog.Settings.defaults();
        StoreLog.Settings settings = new StoreLog.Settings(
                Long.parseLong(options.getOrDefault("segment-mb", Long.toString(defaults.segmentBytes() >> 20))) << 20,
                Duration.ofMillis(Long.parseLong(options.getOrDefault(
                        "sync-every-ms", Long.toString(defaults.syncEvery().toMillis())))),
                defaults.compactBelowLiveRatio(),
                defaults.compactMinBytes());
        WireStore store = start(
                dataDir,
                options.getOrDefault("host", "127.0.0.1"),
                Integer.parseInt(options.getOrDefault("port", "27017")),
                settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            store.close();
                            stopped.countDown();
                        },
                        "wire-store-shutdown"));
        System.out.println("WIRE STORE READY " + store.uri(""));
        stopped.await();
    }
}
