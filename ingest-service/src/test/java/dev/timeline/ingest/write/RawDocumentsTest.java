package dev.timeline.ingest.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoClientSettings;
import dev.timeline.events.CustomerRef;
import dev.timeline.events.EventType;
import dev.timeline.events.Events;
import dev.timeline.events.RandomText;
import dev.timeline.events.TimelineEvent;
import dev.timeline.ingest.normalize.TimelineEntries;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bson.BsonBinaryWriter;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.Codec;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/** The one-pass encoder gives, byte for byte, what the driver's own codec gives, and reads back what it wrote. */
class RawDocumentsTest {
    private static final Instant RECEIVED = Instant.parse("2026-11-25T01:00:00Z");

    private final DocumentCodec standard = new DocumentCodec(MongoClientSettings.getDefaultCodecRegistry());

    @Test
    void encodesEveryEntryAsTheDriverDoes() {
        List<TimelineEvent> events = new ArrayList<>(Events.everyType("acme", CustomerRef.id("cus-1"), "e"));
        events.addAll(Events.everyControlType("acme", "cus-1", "c"));
        TimelineEntries entries = new TimelineEntries();
        events.removeIf(event -> event.type() == EventType.CUSTOMER_ERASED);
        for (TimelineEvent event : events) {
            Document entry = entries.toDocument(event, RECEIVED);
            assertThat(raw(entry)).as(event.type().wire()).isEqualTo(bytes(standard, entry));
        }
        assertThat(events).hasSizeGreaterThan(20);
    }

    @Test
    void encodesTheValuesNormalizationMakesAndPutsTheIdFirstAsTheDriverDoes() {
        Document document = new Document("a", 1L)
                .append("_id", "x")
                .append("nothing", null)
                .append("map", Map.of("k", List.of(1, 2.5, true, new Date(7), "Cuộc gọi nhỡ 😀")))
                .append("nested", new Document("_id", "inner").append("n", 3));

        assertThat(raw(document)).isEqualTo(bytes(standard, document));
        Document back = RawDocuments.of(document).decode(standard);
        assertThat(back.keySet()).containsExactly("_id", "a", "nothing", "map", "nested");
        assertThat(back.get("nested", Document.class).keySet()).containsExactly("_id", "n");
    }

    @Test
    void leavesOtherValuesToTheStandardCodec() {
        Document document = new Document("_id", new ObjectId())
                .append("bson", new BsonDocument("x", new BsonInt32(3)))
                .append("set", java.util.Set.of("one"))
                .append("bytes", new byte[] {1, 2});

        assertThat(raw(document)).isEqualTo(bytes(standard, document));
    }

    @Test
    void encodesAnyTextAsTheJdkEncodesUtf8() {
        Random random = new Random(5);
        String alphabet = "aZ09 ộđƯ€中😀\ud83d\ude00\ud800\udc00\udfff\u0000\u007f\u0080\u07ff\u0800\uffff";
        for (int i = 0; i < 5_000; i++) {
            String s = RandomText.of(random, alphabet, 30);
            byte[] expected = s.getBytes(StandardCharsets.UTF_8);
            RawBsonDocument raw = RawDocuments.of(new Document("s", s));
            byte[] all = raw(new Document("s", s));
            // 4 (size) + 1 (type) + 2 ("s\0") + 4 (string size), then the bytes and their NUL
            assertThat(Arrays.copyOfRange(all, 11, all.length - 2))
                    .as("[%s]", s)
                    .isEqualTo(expected);
            if (s.chars().noneMatch(c -> Character.isSurrogate((char) c))) {
                assertThat(raw.getString("s").getValue()).isEqualTo(s);
            }
        }
    }

    @Test
    void refusesAFieldNameWithANul() {
        assertThatThrownBy(() -> RawDocuments.of(new Document("bad\u0000name", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NUL");
    }

    private static byte[] raw(Document document) {
        var raw = RawDocuments.of(document).getByteBuffer();
        byte[] bytes = new byte[raw.remaining()];
        raw.get(bytes);
        return bytes;
    }

    private static byte[] bytes(Codec<Document> codec, Document document) {
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        codec.encode(
                new BsonBinaryWriter(buffer),
                document,
                EncoderContext.builder().isEncodingCollectibleDocument(true).build());
        return Arrays.copyOf(buffer.getInternalBuffer(), buffer.getPosition());
    }
}
