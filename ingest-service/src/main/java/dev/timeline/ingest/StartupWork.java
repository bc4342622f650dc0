package dev.timeline.ingest;

import java.util.concurrent.Executor;

/**
 * Start-up work that waits on the store or the broker (indexes, topics) runs on a thread of its own while Spring builds
 * the rest of the context; the listener awaits it before it consumes. On two cores this took the ~0.8 s of those round
 * trips off the path to the first stored record.
 */
public final class StartupWork {
    private StartupWork() {}

    /** Runs each task on a new daemon thread named {@code name}. */
    public static Executor thread(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            thread.start();
        };
    }
}
