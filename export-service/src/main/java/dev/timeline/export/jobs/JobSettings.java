package dev.timeline.export.jobs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code timeline.export.jobs} ({@code heartbeat-every} and {@code sweep-every} are read by the
 * schedules themselves).
 *
 * @param retention how long a job and its file are kept
 * @param staleAfter a queued or running job whose heartbeat is older than this has no runner: the sweep runs it again
 *     (keep it several times {@code heartbeat-every}, 30 s by default)
 * @param maxAttempts runs of a job that may be interrupted by crashes before it is marked failed (a replica that shuts
 *     down cleanly hands its jobs back without using an attempt)
 */
@ConfigurationProperties("timeline.export.jobs")
public record JobSettings(
        @DefaultValue("24h") Duration retention,
        @DefaultValue("2m") Duration staleAfter,
        @DefaultValue("3") int maxAttempts) {}
