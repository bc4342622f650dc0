package dev.timeline.local.watch;

import java.util.Optional;

/**
 * Makes a process of the local stack stop when the stack does, however the stack ended (Ctrl-C, {@code kill},
 * {@code kill -9}): a daemon thread checks that the parent is alive twice a second and, once it is gone, exits, which
 * runs the process's own clean shutdown. The services get it as a Java agent
 * ({@code -javaagent:local-stack-watch.jar=<parent pid>}), so their code knows nothing of the local stack; the broker
 * and store children call {@link #start} themselves.
 */
public final class ParentWatch {
    private static final long EVERY_MILLIS = 500;

    private ParentWatch() {}

    /** The agent's entry point: the argument is the parent's pid. */
    public static void premain(String parentPid) {
        start(Long.parseLong(parentPid.strip()));
    }

    public static void start(long parentPid) {
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        Thread watch = new Thread(
                () -> {
                    while (parent.map(ProcessHandle::isAlive).orElse(false)) {
                        try {
                            Thread.sleep(EVERY_MILLIS);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    System.err.println("The local stack (pid " + parentPid + ") is gone: stopping.");
                    System.exit(0);
                },
                "local-stack-parent-watch");
        watch.setDaemon(true);
        watch.start();
    }
}
