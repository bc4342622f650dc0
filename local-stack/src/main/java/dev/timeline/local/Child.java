package dev.timeline.local;

import dev.timeline.local.watch.ParentWatch;
import dev.timeline.wirestore.WireStore;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The broker and the store as processes of their own, so that either can die, be killed or restarted alone, and a
 * store's memory is its own: {@code child kafka <data-dir> <port> <controller-port> <parent-pid>} and
 * {@code child store <data-dir> <port> <parent-pid>}. Each prints a ready line, stops cleanly on SIGTERM and stops
 * when the stack's process is gone.
 */
final class Child {
    static final String READY = "CHILD READY";

    private Child() {}

    static void main(String[] args) throws Exception {
        String kind = args[1];
        Path dataDir = Path.of(args[2]);
        CountDownLatch stopped = new CountDownLatch(1);
        AutoCloseable running;
        long parent;
        if (kind.equals("kafka")) {
            running = new KafkaBroker(dataDir, Integer.parseInt(args[3]), Integer.parseInt(args[4])).start();
            parent = Long.parseLong(args[5]);
        } else if (kind.equals("store")) {
            running = WireStore.start(dataDir.resolve("store"), "127.0.0.1", Integer.parseInt(args[3]));
            parent = Long.parseLong(args[4]);
        } else {
            throw new IllegalArgumentException("unknown child " + kind);
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                running.close();
                            } catch (Exception e) {
                                System.err.println("stopping " + kind + ": " + e);
                            }
                            stopped.countDown();
                        },
                        kind + "-shutdown"));
        ParentWatch.start(parent);
        System.out.println(READY + " " + kind);
        System.out.flush();
        stopped.await();
    }
}
