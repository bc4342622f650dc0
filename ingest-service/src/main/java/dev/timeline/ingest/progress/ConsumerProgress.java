package dev.timeline.ingest.progress;

import dev.timeline.ingest.IngestProperties;
import dev.timeline.ingest.IngestTopics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Whether the consumer group gets anywhere, from what the broker knows: every {@code check-every} the group's
 * committed offsets are compared with the ends of the partitions. That is the lag that shows a backlog (the consumer's
 * own {@code records-lag} counts from its fetch position, and {@code records-lag-max} is a maximum over a window), so
 * it is what this exports: {@code timeline.ingest.consumer.partition.lag{topic,partition}} and
 * {@code timeline.ingest.consumer.group.lag}. A partition this instance owns whose lag is above zero and whose
 * committed offset has not moved for {@code stuck-after} is stuck: {@code timeline.ingest.partitions.stuck} counts
 * them, a warning names topic, partition and offset, and this health indicator ({@code ingestProgress}, in the
 * readiness group) is DOWN until it moves again.
 */
@Component("ingestProgress")
public class ConsumerProgress implements HealthIndicator, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(ConsumerProgress.class);

    /** What is known of one partition: its lag, its committed offset, and since when that offset stands. */
    record Partition(long lag, long committed, Instant since) {}

    public record Stuck(String topic, int partition, long offset, long lag, Duration standing) {}

    private final KafkaAdmin kafkaAdmin;
    private final IngestTopics topics;
    private final KafkaListenerEndpointRegistry listeners;
    private final MeterRegistry meters;
    private final String groupId;
    private final Duration checkEvery;
    private final Duration stuckAfter;
    private final Clock clock;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    private final Map<TopicPartition, AtomicLong> lagGauges = new ConcurrentHashMap<>();
    private final AtomicLong totalLag = new AtomicLong();
    private final AtomicLong stuckCount = new AtomicLong();
    private final Set<TopicPartition> reportedStuck = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ingest-progress");
        t.setDaemon(true);
        return t;
    });
    private volatile @Nullable Admin admin;
    private volatile @Nullable Instant lastCheck;
    private volatile @Nullable String lastError;

    @org.springframework.beans.factory.annotation.Autowired
    ConsumerProgress(
            KafkaAdmin kafkaAdmin,
            IngestTopics topics,
            KafkaListenerEndpointRegistry listeners,
            MeterRegistry meters,
            IngestProperties properties,
            @Value("${spring.kafka.consumer.group-id}") String groupId) {
        this(kafkaAdmin, topics, listeners, meters, properties, groupId, Clock.systemUTC());
    }

    ConsumerProgress(
            KafkaAdmin kafkaAdmin,
            IngestTopics topics,
            KafkaListenerEndpointRegistry listeners,
            MeterRegistry meters,
            IngestProperties properties,
            String groupId,
            Clock clock) {
        this.kafkaAdmin = kafkaAdmin;
        this.topics = topics;
        this.listeners = listeners;
        this.meters = meters;
        this.groupId = groupId;
        this.checkEvery = properties.progress().checkEvery();
        this.stuckAfter = properties.progress().stuckAfter();
        this.clock = clock;
        Gauge.builder("timeline.ingest.consumer.group.lag", totalLag, AtomicLong::get)
                .description("Records not yet committed by the consumer group, over all partitions")
                .register(meters);
        Gauge.builder("timeline.ingest.partitions.stuck", stuckCount, AtomicLong::get)
                .description(
                        "Partitions of this instance with lag whose committed offset has not moved for stuck-after")
                .register(meters);
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        long millis = Math.max(100, checkEvery.toMillis());
        scheduler.scheduleWithFixedDelay(this::checkQuietly, 0, millis, TimeUnit.MILLISECONDS);
    }

    private void checkQuietly() {
        try {
            check();
            lastError = null;
        } catch (Exception e) {
            lastError = e.toString();
            log.debug("could not read the consumer group's progress: {}", e.toString());
        }
    }

    /** One comparison of committed offsets with the partitions' ends. */
    void check() throws Exception {
        Admin client = admin();
        Map<TopicPartition, OffsetAndMetadata> committed = client.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        List<TopicPartition> all = new ArrayList<>();
        client.describeTopics(List.of(topics.names()))
                .allTopicNames()
                .get(10, TimeUnit.SECONDS)
                .forEach((name, description) ->
                        description.partitions().forEach(p -> all.add(new TopicPartition(name, p.partition()))));
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        all.forEach(tp -> {
            latest.put(tp, OffsetSpec.latest());
            earliest.put(tp, OffsetSpec.earliest());
        });
        var ends = client.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
        var starts = client.listOffsets(earliest).all().get(10, TimeUnit.SECONDS);
        Instant now = clock.instant();
        long total = 0;
        for (TopicPartition tp : all) {
            long end = ends.get(tp).offset();
            OffsetAndMetadata done = committed.get(tp);
            long position = done != null ? done.offset() : starts.get(tp).offset();
            long lag = Math.max(0, end - position);
            total += lag;
            Partition before = partitions.get(tp);
            Instant since = before != null && before.committed() == position ? before.since() : now;
            partitions.put(tp, new Partition(lag, position, since));
            lagGauges.computeIfAbsent(tp, this::lagGauge).set(lag);
        }
        totalLag.set(total);
        lastCheck = now;
        List<Stuck> stuck = stuck();
        stuckCount.set(stuck.size());
        Set<TopicPartition> stuckNow = new java.util.HashSet<>();
        for (Stuck s : stuck) {
            TopicPartition tp = new TopicPartition(s.topic(), s.partition());
            stuckNow.add(tp);
            if (reportedStuck.add(tp)) {
                log.warn(
                        "Partition {}-{} is stuck at offset {}: {} records behind, no progress for {}s",
                        s.topic(),
                        s.partition(),
                        s.offset(),
                        s.lag(),
                        s.standing().toSeconds());
            }
        }
        for (TopicPartition tp : List.copyOf(reportedStuck)) {
            if (!stuckNow.contains(tp)) {
                reportedStuck.remove(tp);
                log.info("Partition {}-{} moves again", tp.topic(), tp.partition());
            }
        }
    }

    private AtomicLong lagGauge(TopicPartition tp) {
        AtomicLong value = new AtomicLong();
        Gauge.builder("timeline.ingest.consumer.partition.lag", value, AtomicLong::get)
                .description("Records of a partition not yet committed by the consumer group")
                .tags(Tags.of("topic", tp.topic(), "partition", Integer.toString(tp.partition())))
                .register(meters);
        return value;
    }

    /** The stuck partitions among those this instance owns. */
    public List<Stuck> stuck() {
        Instant now = clock.instant();
        List<Stuck> stuck = new ArrayList<>();
        for (TopicPartition tp : assigned()) {
            Partition p = partitions.get(tp);
            if (p != null && p.lag() > 0) {
                Duration standing = Duration.between(p.since(), now);
                if (standing.compareTo(stuckAfter) >= 0) {
                    stuck.add(new Stuck(tp.topic(), tp.partition(), p.committed(), p.lag(), standing));
                }
            }
        }
        return stuck;
    }

    private Collection<TopicPartition> assigned() {
        MessageListenerContainer container = listeners.getListenerContainer("timeline-ingest");
        if (container == null) {
            return List.of();
        }
        Collection<TopicPartition> assigned = container.getAssignedPartitions();
        return assigned == null ? List.of() : assigned;
    }

    @Override
    public Health health() {
        Instant checked = lastCheck;
        if (checked == null) {
            return Health.unknown()
                    .withDetail("reason", lastError == null ? "not checked yet" : lastError)
                    .build();
        }
        List<Stuck> stuck = stuck();
        Health.Builder builder = stuck.isEmpty() ? Health.up() : Health.down();
        builder.withDetail("lag", totalLag.get())
                .withDetail("assignedPartitions", assigned().size())
                .withDetail("checkedAt", checked.toString());
        if (!stuck.isEmpty()) {
            builder.withDetail("stuck", stuck);
        }
        if (lastError != null) {
            builder.withDetail("lastError", lastError);
        }
        return builder.build();
    }

    private Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(kafkaAdmin.getConfigurationProperties());
                }
                current = admin;
            }
        }
        return current;
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
        Admin current = admin;
        if (current != null) {
            current.close(Duration.ofSeconds(5));
        }
    }
}
