package dev.timeline.export.jobs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code timeline.export.jobs} ({@code sweep-every} is read by the sweep's schedule itself).
 *
 * @param retention how long a job and its file are kept
 * @param staleAfter a queued or running job whose heartbeat is older than this has no runner: the sweep runs it again
 * @param heartbeatEvery how often a replica refreshes the heartbeats of the jobs it runs; at most a third of
 *     {@code staleAfter}, or live runners would lose their jobs
 * @param maxAttempts runs of a job that may be interrupted by crashes before it is marked failed (a replica that shuts
 *     down cleanly hands its jobs back without using an attempt)
 */
@ConfigurationProperties("timeline.export.jobs")
public record JobSettings(
        @DefaultValue("24h") Duration retention,
        @DefaultValue("2m") Duration staleAfter,
        @DefaultValue("30s") Duration heartbeatEvery,
        @DefaultValue("3") int maxAttempts) {

    public JobSettings {
        if (heartbeatEvery.multipliedBy(3).compareTo(staleAfter) > 0) {
            throw new IllegalArgumentException("timeline.export.jobs.heartbeat-every (" + heartbeatEvery
                    + ") must be at most a third of stale-after (" + staleAfter + ")");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("timeline.export.jobs.max-attempts must be at least 1");
        }
    }
}
