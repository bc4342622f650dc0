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
        @DefaultValue StoreBreaker storeBreaker) {

    public record Retry(
            @DefaultValue("500ms") Duration initialInterval,
            @DefaultValue("30s") Duration maxInterval,
            @DefaultValue("2.0") double multiplier) {}

    /**
     * @param failureRateThreshold percent of failed writes, over the last {@code windowSize}, that opens the breaker
     * @param waitInOpen how long an open breaker refuses writes before it lets one through to test the store
     */
    public record StoreBreaker(
            @DefaultValue("50") float failureRateThreshold,
            @DefaultValue("10") int windowSize,
            @DefaultValue("10s") Duration waitInOpen) {}
}
