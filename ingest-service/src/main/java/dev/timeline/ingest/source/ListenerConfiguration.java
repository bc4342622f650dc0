package dev.timeline.ingest.source;

import dev.timeline.events.Topic;
import dev.timeline.ingest.IngestProperties;
import dev.timeline.ingest.IngestTopics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
class ListenerConfiguration {
    private static final Logger log = LoggerFactory.getLogger(ListenerConfiguration.class);

    /**
     * Anything the listener throws is an infrastructure failure (bad records never throw: they are dead-lettered), so
     * the batch is retried with exponential back-off and no limit: the consumer stays paused, keeps its partitions, and
     * commits nothing until the store and broker take the batch. The recoverer can therefore never run.
     */
    @Bean
    DefaultErrorHandler retryUntilStored(IngestProperties properties) {
        IngestProperties.Retry retry = properties.retry();
        ExponentialBackOff backOff =
                new ExponentialBackOff(retry.initialInterval().toMillis(), retry.multiplier());
        backOff.setMaxInterval(retry.maxInterval().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(
                (record, e) -> {
                    throw new IllegalStateException("an unlimited back-off never gives up", e);
                },
                backOff);
        handler.setAckAfterHandle(false);
        return handler;
    }

    /**
     * The topics and their dead-letter topics, created where missing (an existing one is left as it is). Started in the
     * background when the context creates this bean and awaited before the listener consumes
     * ({@link ListenerPrerequisites}); Spring Kafka's own creation would hold the start-up for the admin client's
     * round trips instead.
     */
    @Bean
    @ConditionalOnBooleanProperty(name = "timeline.ingest.create-topics", matchIfMissing = true)
    TopicsCreated timelineTopics(KafkaAdmin admin, IngestProperties properties, IngestTopics topics) {
        List<NewTopic> all = new ArrayList<>();
        for (Topic topic : Topic.values()) {
            for (String name : List.of(topics.name(topic), topics.deadLetterName(topic))) {
                all.add(TopicBuilder.name(name)
                        .partitions(properties.partitions())
                        .replicas(properties.replicationFactor())
                        .build());
            }
        }
        if (properties.changes().enabled()) {
            all.add(TopicBuilder.name(topics.changesName())
                    .partitions(properties.partitions())
                    .replicas(properties.replicationFactor())
                    .config(
                            org.apache.kafka.common.config.TopicConfig.RETENTION_MS_CONFIG,
                            Long.toString(properties.changes().retention().toMillis()))
                    .build());
        }
        return new TopicsCreated(CompletableFuture.runAsync(
                () -> {
                    try {
                        admin.createOrModifyTopics(all.toArray(NewTopic[]::new));
                    } catch (RuntimeException e) {
                        // Not fatal, as with Spring Kafka's own creation: the topics may exist, or come with the
                        // broker.
                        log.error(
                                "could not create the topics {}: {}",
                                all.stream().map(NewTopic::name).toList(),
                                e.toString());
                    }
                },
                new SimpleAsyncTaskExecutor("timeline-topics-")));
    }

    /** Completes once the topics exist. */
    record TopicsCreated(CompletableFuture<Void> done) {}
}
