package dev.timeline.ingest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code timeline.ingest}; every one is listed with its default in the README.
 *
 * @param collection the MongoDB collection of timeline entries
 * @param topicPrefix put before every topic name, e.g. {@code prod.} for {@code prod.timeline.messages}
 * @param createTopics create missing topics and their dead-letter topics at start-up (off where Strimzi owns them)
 * @param partitions partitions of topics created here: the most ingest consumers that can share the work
 * @param replicationFactor replication of topics created here
 * @param retry back-off while the store is unreachable: the batch is retried, never dead-lettered
 * @param deadLetterTimeout how long to wait for the broker to acknowledge dead-lettered records
 * @param storeBreaker the circuit breaker in front of the store
 * @param recordAttempts how often a record that fails on its own (not for the store's or broker's sake) is tried
 *     before it is dead-lettered with {@code PROCESSING_FAILED}
 * @param recordRetryBackoff the pause between those attempts (so a record holds its partition at most
 *     {@code recordAttempts × recordRetryBackoff} plus the attempts themselves)
 * @param journal end every batch with a journaled write ({@code j: true}), so that offsets are committed only once the
 *     store has the batch on disk; off where the connection's write concern already waits for that ({@code w=majority})
 * @param deadLetterMaxBytes a dead letter larger than this (value, key and headers) is sent truncated: its first
 *     bytes, with its original size and SHA-256 in headers
 * @param progress when a partition with lag counts as stuck
 * @param knownHeads how many folded entries (calls, sent e-mails) an instance remembers with their parts, so that a
 *     call's or a mail's next event is folded without reading them back; 0 reads every time
 * @param changes what is published for the timeline services' live streams
 */
@ConfigurationProperties("timeline.ingest")
public record IngestProperties(
        @DefaultValue("timeline") String collection,
        @DefaultValue("") String topicPrefix,
        @DefaultValue("true") boolean createTopics,
        @DefaultValue("6") int partitions,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue Retry retry,
        @DefaultValue("30s") Duration deadLetterTimeout,
        @DefaultValue StoreBreaker storeBreaker,
        @DefaultValue("3") int recordAttempts,
        @DefaultValue("500ms") Duration recordRetryBackoff,
        @DefaultValue("true") boolean journal,
        @DefaultValue("1000000") int deadLetterMaxBytes,
        @DefaultValue Progress progress,
        @DefaultValue("2048") int knownHeads,
        @DefaultValue Changes changes) {

    /** Every setting at its default, as the service starts without configuration (for tests and benchmarks). */
    public static IngestProperties defaults() {
        return new IngestProperties(
                "timeline",
                "",
                true,
                6,
                (short) 1,
                new Retry(Duration.ofMillis(500), Duration.ofSeconds(30), 2.0),
                Duration.ofSeconds(30),
                new StoreBreaker(50f, 10, Duration.ofSeconds(10), Duration.ofSeconds(5)),
                3,
                Duration.ofMillis(500),
                true,
                1_000_000,
                new Progress(Duration.ofSeconds(10), Duration.ofMinutes(2)),
                2048,
                new Changes(
                        true, "timeline.changes", Duration.ofHours(1), Duration.ofSeconds(2), Duration.ofSeconds(30)));
    }

    /**
     * @param enabled publish what each stored batch changed (new and changed entries, ticket states, links and merges,
     *     erases) to {@code topic}
     * @param topic the topic (the prefix goes before it), created with the others
     * @param retention how long the broker keeps the changes (live streams resume from memory, not from the topic)
     * @param maxBlock the longest a publish waits for the topic's metadata before it gives up
     * @param pauseAfterFailure after a publish that gave up, how long publishing is skipped
     */
    public record Changes(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("timeline.changes") String topic,
            @DefaultValue("1h") Duration retention,
            @DefaultValue("2s") Duration maxBlock,
            @DefaultValue("30s") Duration pauseAfterFailure) {}

    /**
     * @param checkEvery how often committed offsets are compared with the partitions' ends
     * @param stuckAfter a partition with lag whose committed offset has not moved for this long is stuck
     */
    public record Progress(
            @DefaultValue("10s") Duration checkEvery,
            @DefaultValue("2m") Duration stuckAfter) {}

    public record Retry(
            @DefaultValue("500ms") Duration initialInterval,
            @DefaultValue("30s") Duration maxInterval,
            @DefaultValue("2.0") double multiplier) {}

    /**
     * @param failureRateThreshold percent of failed writes, over the last {@code windowSize}, that opens the breaker
     * @param waitInOpen how long an open breaker refuses writes before it lets one through to test the store
     * @param serverSelectionTimeout how long a write waits for an unreachable store before it fails
     */
    public record StoreBreaker(
            @DefaultValue("50") float failureRateThreshold,
            @DefaultValue("10") int windowSize,
            @DefaultValue("10s") Duration waitInOpen,
            @DefaultValue("5s") Duration serverSelectionTimeout) {}
}
