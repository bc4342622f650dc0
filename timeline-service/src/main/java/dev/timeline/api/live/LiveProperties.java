package dev.timeline.api.live;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code timeline.api.live}; each is listed with its default in the README.
 *
 * @param enabled read {@code topic} and serve live streams (off: the stream endpoints answer 503)
 * @param bootstrapServers the Kafka brokers ingest publishes the changes to
 * @param topic the changes topic, with any prefix ingest puts before its topics
 * @param resumeWindow how many recent changes (all partitions together) a replica keeps for clients that reconnect
 * @param maxPerKey open streams one API key may hold on one replica
 * @param maxPerReplica open streams one replica holds
 * @param queueLimit changes waiting to be sent to one client; a client that falls this far behind is dropped (it
 *     reconnects and resumes)
 * @param heartbeat how often an idle stream gets a comment, so proxies keep it open
 * @param maxDuration how long a stream stays open before the client is asked to reconnect (it resumes where it was)
 * @param reconnectDelay the {@code retry} a client is told to wait before reconnecting
 * @param senders threads kept for writing to clients; more are made while clients are slow to read (a client that stopped
 *     reading holds one until the socket's write times out), up to {@code maxPerReplica}
 */
@ConfigurationProperties("timeline.api.live")
public record LiveProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("127.0.0.1:9092") String bootstrapServers,
        @DefaultValue("timeline.changes") String topic,
        @DefaultValue("100000") int resumeWindow,
        @DefaultValue("1000") int maxPerKey,
        @DefaultValue("2000") int maxPerReplica,
        @DefaultValue("1000") int queueLimit,
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("30m") Duration maxDuration,
        @DefaultValue("2s") Duration reconnectDelay,
        @DefaultValue("4") int senders) {}
