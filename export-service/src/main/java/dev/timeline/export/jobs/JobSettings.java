package dev.timeline.export.jobs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code timeline.export.jobs}.
 *
 * @param retention how long a job and its file are kept
 * @param staleAfter a running job whose heartbeat is older than this is marked failed (its runner is gone)
 */
@ConfigurationProperties("timeline.export.jobs")
public record JobSettings(
        @DefaultValue("24h") Duration retention,
        @DefaultValue("2m") Duration staleAfter) {}
