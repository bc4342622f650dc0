package dev.timeline.ingest.deadletter;

/** The replay command as the README runs it, for tests in other packages. */
public final class DeadLetterReplayAccess {
    private DeadLetterReplayAccess() {}

    public record Result(long matched, long replayed) {}

    public static Result run(String bootstrap, String... args) {
        DeadLetterReplay.Summary summary = DeadLetterReplay.run(bootstrap, DeadLetterReplay.parse(args, ""));
        return new Result(summary.matched(), summary.replayed());
    }
}
