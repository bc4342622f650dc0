package dev.timeline.ingest.deadletter;

import dev.timeline.ingest.IngestProperties;
import dev.timeline.ingest.IngestTopics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes refused records to the dead-letter topic of their topic, and waits until the broker has them all: only
 * then may the batch's offsets be committed. A letter goes out as the record came (value, key, original headers) plus
 * the reason headers, unless it would not fit: a letter larger than {@code dead-letter-max-bytes}, or one the broker
 * refuses for good (too large for the topic, an invalid record), goes out truncated — the first
 * {@value #PREVIEW_BYTES} bytes of the value, its original size and SHA-256, without the original headers — and if even
 * that is refused, as headers alone. A letter is never dropped silently: one that no form of could be published is
 * reported in the outcome (the refused-events record keeps it, with its coordinates and checksum) and logged. If the
 * broker does not answer (a timeout, a retriable error), this throws and the batch is retried; a letter may then be
 * published twice, its original topic, partition and offset tell.
 */
@Component
public class DeadLetterPublisher {
    static final int PREVIEW_BYTES = 16 * 1024;
    private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

    private final KafkaTemplate<byte[], byte[]> template;
    private final IngestTopics topics;
    private final long timeoutMillis;
    private final int maxBytes;

    DeadLetterPublisher(KafkaTemplate<byte[], byte[]> template, IngestTopics topics, IngestProperties properties) {
        this.template = template;
        this.topics = topics;
        this.timeoutMillis = properties.deadLetterTimeout().toMillis();
        this.maxBytes = properties.deadLetterMaxBytes();
    }

    /** What became of a letter: published as it came, truncated, headers only, or not at all (with why). */
    public enum Form {
        WHOLE,
        TRUNCATED,
        HEADERS_ONLY,
        UNPUBLISHED
    }

    public record Outcome(
            DeadLetter letter, Form form, @Nullable String error) {}

    /** Publishes the letters and returns what became of each, in order. */
    public List<Outcome> publish(List<DeadLetter> letters) {
        List<Outcome> outcomes = new ArrayList<>(letters.size());
        if (letters.isEmpty()) {
            return outcomes;
        }
        List<Form> forms = new ArrayList<>();
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (DeadLetter letter : letters) {
            Form form = size(letter.record()) > maxBytes ? Form.TRUNCATED : Form.WHOLE;
            forms.add(form);
            sent.add(template.send(toRecord(letter, form)));
        }
        for (int i = 0; i < letters.size(); i++) {
            DeadLetter letter = letters.get(i);
            Form form = forms.get(i);
            Throwable refused = await(sent.get(i));
            while (refused != null && form != Form.UNPUBLISHED) {
                log.warn(
                        "The dead-letter topic refused {}-{}@{} as {} ({}); sending a smaller form",
                        letter.record().topic(),
                        letter.record().partition(),
                        letter.record().offset(),
                        form,
                        refused.toString());
                form = form == Form.WHOLE
                        ? Form.TRUNCATED
                        : form == Form.TRUNCATED ? Form.HEADERS_ONLY : Form.UNPUBLISHED;
                if (form != Form.UNPUBLISHED) {
                    refused = await(template.send(toRecord(letter, form)));
                }
            }
            if (form == Form.UNPUBLISHED) {
                log.error(
                        "No form of the dead letter of {}-{}@{} ({} bytes, sha256 {}) was accepted by the broker: it"
                                + " is kept in the refused events only",
                        letter.record().topic(),
                        letter.record().partition(),
                        letter.record().offset(),
                        valueSize(letter.record()),
                        sha256(letter.record().value()));
            } else {
                log.warn(
                        "Dead-lettered {}-{}@{}{}: {} {}",
                        letter.record().topic(),
                        letter.record().partition(),
                        letter.record().offset(),
                        form == Form.WHOLE ? "" : " (" + form.name().toLowerCase(java.util.Locale.ROOT) + ")",
                        letter.rejection().reason(),
                        letter.rejection().message());
            }
            outcomes.add(new Outcome(letter, form, form == Form.UNPUBLISHED ? String.valueOf(refused) : null));
        }
        return outcomes;
    }

    /**
     * Null when the broker acknowledged; the failure when it refused for good. A failure that may pass (timeout,
     * retriable error, no answer) is thrown: the batch is retried.
     */
    private @Nullable Throwable await(CompletableFuture<?> send) {
        try {
            send.get(timeoutMillis, TimeUnit.MILLISECONDS);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while dead-lettering", e);
        } catch (TimeoutException e) {
            throw new KafkaException(
                    "the broker did not acknowledge dead-lettered records",
                    new org.apache.kafka.common.errors.TimeoutException(e.getMessage()));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof RetriableException) {
                    throw new KafkaException("the broker did not acknowledge dead-lettered records", t);
                }
            }
            return cause;
        }
    }

    private ProducerRecord<byte[], byte[]> toRecord(DeadLetter letter, Form form) {
        ConsumerRecord<String, byte[]> original = letter.record();
        RecordHeaders headers = new RecordHeaders();
        if (form == Form.WHOLE) {
            for (Header header : original.headers()) {
                headers.add(header);
            }
        }
        headers.add(DeadLetterHeaders.REASON, utf8(letter.rejection().reason().name()));
        headers.add(DeadLetterHeaders.MESSAGE, utf8(letter.rejection().message()));
        headers.add(DeadLetterHeaders.ORIGINAL_TOPIC, utf8(original.topic()));
        headers.add(DeadLetterHeaders.ORIGINAL_PARTITION, utf8(Integer.toString(original.partition())));
        headers.add(DeadLetterHeaders.ORIGINAL_OFFSET, utf8(Long.toString(original.offset())));
        headers.add(DeadLetterHeaders.REJECTED_AT, utf8(Instant.now().toString()));
        byte[] value = original.value();
        if (form != Form.WHOLE) {
            headers.add(DeadLetterHeaders.TRUNCATED, utf8(form == Form.TRUNCATED ? "value" : "all"));
            headers.add(DeadLetterHeaders.ORIGINAL_SIZE, utf8(Integer.toString(valueSize(original))));
            headers.add(DeadLetterHeaders.ORIGINAL_SHA256, utf8(sha256(value)));
            headers.add(
                    DeadLetterHeaders.ORIGINAL_HEADERS,
                    utf8(Integer.toString(original.headers().toArray().length)));
            value = form == Form.HEADERS_ONLY || value == null
                    ? null
                    : java.util.Arrays.copyOf(value, Math.min(value.length, PREVIEW_BYTES));
        }
        String deadLetterTopic = topics.family(original.topic())
                .map(topics::deadLetterName)
                .orElse(original.topic() + dev.timeline.events.Topic.DEAD_LETTER_SUFFIX);
        byte[] key = original.key() == null ? null : utf8(original.key());
        return new ProducerRecord<>(deadLetterTopic, null, key, value, headers);
    }

    /** What the whole letter would weigh on the wire: value, key, headers and some room for ours and framing. */
    private static long size(ConsumerRecord<String, byte[]> record) {
        long size = valueSize(record) + 512;
        if (record.key() != null) {
            size += record.key().length() * 4L;
        }
        for (Header header : record.headers()) {
            size += header.key().length() + (header.value() == null ? 0 : header.value().length) + 8;
        }
        return size;
    }

    private static int valueSize(ConsumerRecord<String, byte[]> record) {
        return record.value() == null ? 0 : record.value().length;
    }

    static String sha256(byte @Nullable [] value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value == null ? new byte[0] : value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
