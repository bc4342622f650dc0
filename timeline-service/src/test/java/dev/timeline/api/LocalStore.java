package dev.timeline.api;

import dev.timeline.wirestore.WireStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The local stack's store (the wire store, with its indexes) for the web slice's tests, started when the first of
 * them asks for it and kept for the JVM, as the cached Spring contexts that use it are. Its data directory is a
 * temporary one.
 */
public final class LocalStore {
    private static @Nullable WireStore store;

    private LocalStore() {}

    /** The connection string of database {@code timeline}, starting the store first if need be. */
    public static synchronized String uri() {
        if (store == null) {
            try {
                Path data = Files.createTempDirectory("web-slice-wire-store");
                store = WireStore.start(data, "127.0.0.1", 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return store.uri("timeline");
    }
}
