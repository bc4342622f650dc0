package dev.timeline.bench.jmh;

import dev.timeline.events.Channel;
import dev.timeline.events.CustomerRef;
import dev.timeline.events.Decoded;
import dev.timeline.events.EventCodec;
import dev.timeline.events.Events;
import dev.timeline.events.MessageReceived;
import dev.timeline.events.TimelineEvent;
import dev.timeline.ingest.normalize.TimelineEntries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ingest's per-event CPU, stage by stage, against the least any JSON pipeline pays: parsing the record
 * ({@code parse}). {@code decode} adds the contract's checks and the typed event; {@code normalize} the timeline
 * document; {@code toBson} the BSON the driver sends (what the store receives). Two streams: {@code messages}, like
 * {@code bench/peers}' (Vietnamese text, ~600 bytes a record), and {@code every-type}, one event of each of the 26.
 *
 * <p>{@code java -jar bench/target/bench.jar jmh [method regex]} (runs in the launching JVM: the jar is Spring Boot's, whose nested
 * jars a forked JVM could not load; warm-up iterations make up for it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(0)
public class DecodeNormalizeBenchmark {
    private static final String[] PHRASES = {
        "Chào shop, mình muốn hỏi về đơn hàng", "còn size M không ạ", "giao hàng trong bao lâu vậy",
        "mình đã chuyển khoản rồi nhé", "cho mình xin địa chỉ cửa hàng", "sản phẩm này có bảo hành không",
        "cảm ơn bạn đã hỗ trợ nhiệt tình", "khi nào có hàng lại ạ"
    };

    @Param({"messages", "every-type"})
    public String stream;

    private final EventCodec codec = new EventCodec();
    private final TimelineEntries entries = new TimelineEntries();
    private final JsonMapper mapper = JsonMapper.builder().build();
    private final DocumentCodec documentCodec = new DocumentCodec();
    private final Instant receivedAt = Instant.parse("2026-12-01T00:00:00Z");
    private final BasicOutputBuffer buffer = new BasicOutputBuffer(4096);
    private byte[][] records;
    private TimelineEvent[] events;
    private Document[] documents;
    private int next;

    @Setup
    public void setUp() {
        List<TimelineEvent> made = new ArrayList<>();
        if (stream.equals("messages")) {
            SplittableRandom random = new SplittableRandom(42);
            for (int i = 0; i < 1024; i++) {
                StringBuilder text = new StringBuilder();
                while (text.length() < 220) {
                    text.append(PHRASES[random.nextInt(PHRASES.length)]).append(' ');
                }
                made.add(TimelineEvent.builder("tnt-0" + (i % 5), CustomerRef.id("cus-" + (i % 1000)))
                        .source("https://connectors.example.vn/zalo")
                        .build(
                                "evt-" + i,
                                Events.T0.plusSeconds(i),
                                new MessageReceived(
                                        Channel.ZALO,
                                        "conv-" + i / 50,
                                        text.toString().strip())));
            }
        } else {
            for (int i = 0; i < 40; i++) {
                made.addAll(Events.everyType("tnt-01", CustomerRef.id("cus-" + i), "e" + i + "-"));
            }
        }
        records = made.stream().map(codec::encode).toArray(byte[][]::new);
        events = made.toArray(TimelineEvent[]::new);
        documents = made.stream().map(e -> entries.toDocument(e, receivedAt)).toArray(Document[]::new);
    }

    private int next() {
        next = (next + 1) % records.length;
        return next;
    }

    @Benchmark
    public Object parse() {
        return mapper.readTree(records[next()]);
    }

    @Benchmark
    public Object decode() {
        return codec.decode(records[next()], receivedAt);
    }

    @Benchmark
    public Object normalize() {
        return entries.toDocument(events[next()], receivedAt);
    }

    @Benchmark
    public int toBson() {
        return bson(documents[next()]);
    }

    /** All of it, as the pipeline does it for one record. */
    @Benchmark
    public int decodeNormalizeToBson() {
        Decoded decoded = codec.decode(records[next()], receivedAt);
        return bson(entries.toDocument(((Decoded.Accepted) decoded).event(), receivedAt));
    }

    private int bson(Document document) {
        buffer.truncateToPosition(0);
        try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            documentCodec.encode(writer, document, EncoderContext.builder().build());
        }
        return buffer.getPosition();
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder()
                        .include(DecodeNormalizeBenchmark.class.getName() + (args.length > 1 ? "." + args[1] : ""))
                        .build())
                .run();
    }
}
