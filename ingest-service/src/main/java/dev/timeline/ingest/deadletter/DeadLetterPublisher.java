package dev.timeline.ingest.deadletter;

import dev.timeline.ingest.IngestProperties;
import dev.timeline.ingest.IngestTopics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes refused records to the dead-letter topic of their topic, value and key unchanged, original headers kept,
 * and waits until the broker has them all: only then may the batch's offsets be committed. If the broker does not
 * acknowledge, this throws and the batch is retried (a letter may then be published twice; each carries its original
 * topic, partition and offset to tell).
 */
@Component
public class DeadLetterPublisher {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

    private final KafkaTemplate<byte[], byte[]> template;
    private final IngestTopics topics;
    private final long timeoutMillis;

    DeadLetterPublisher(KafkaTemplate<byte[], byte[]> template, IngestTopics topics, IngestProperties properties) {
        this.template = template;
        this.topics = topics;
        this.timeoutMillis = properties.deadLetterTimeout().toMillis();
    }

    public void publish(List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return;
        }
        CompletableFuture<?>[] sent =
                letters.stream().map(l -> template.send(toRecord(l))).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(sent).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while dead-lettering", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("the broker did not acknowledge dead-lettered records", e);
        }
        for (DeadLetter letter : letters) {
            log.warn(
                    "Dead-lettered {}-{}@{}: {} {}",
                    letter.record().topic(),
                    letter.record().partition(),
                    letter.record().offset(),
                    letter.rejection().reason(),
                    letter.rejection().message());
        }
    }

    private ProducerRecord<byte[], byte[]> toRecord(DeadLetter letter) {
        ConsumerRecord<String, byte[]> original = letter.record();
        RecordHeaders headers = new RecordHeaders();
        for (Header header : original.headers()) {
            headers.add(header);
        }
        headers.add(DeadLetterHeaders.REASON, utf8(letter.rejection().reason().name()));
        headers.add(DeadLetterHeaders.MESSAGE, utf8(letter.rejection().message()));
        headers.add(DeadLetterHeaders.ORIGINAL_TOPIC, utf8(original.topic()));
        headers.add(DeadLetterHeaders.ORIGINAL_PARTITION, utf8(Integer.toString(original.partition())));
        headers.add(DeadLetterHeaders.ORIGINAL_OFFSET, utf8(Long.toString(original.offset())));
        headers.add(DeadLetterHeaders.REJECTED_AT, utf8(Instant.now().toString()));
        String deadLetterTopic = topics.family(original.topic())
                .map(topics::deadLetterName)
                .orElse(original.topic() + dev.timeline.events.Topic.DEAD_LETTER_SUFFIX);
        byte[] key = original.key() == null ? null : utf8(original.key());
        return new ProducerRecord<>(deadLetterTopic, null, key, original.value(), headers);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
