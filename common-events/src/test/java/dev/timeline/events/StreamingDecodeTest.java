package dev.timeline.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one-pass decode against the tree decode, the oracle: on every record, valid or broken, {@link EventCodec#decode}
 * answers what the tree alone answers; and the one pass itself accepts every valid record of every type, so the
 * comparison is not won by always falling back.
 */
class StreamingDecodeTest {
    private static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");
    private static final long SEED = 20261205L;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final EventCodec codec = new EventCodec();
    private final JsonMapper mapper = JsonMapper.builder().build();
    private final StreamingDecode streaming = new StreamingDecode(mapper);

    static List<TimelineEvent> valid() {
        List<TimelineEvent> events = new ArrayList<>(EventCodecTest.everyType());
        events.addAll(Events.everyType("shop-2.vn", CustomerRef.identity(IdentityKind.PHONE, "0912345678"), "i"));
        events.add(TimelineEvent.builder("acme", CustomerRef.id("cus-9"))
                .source("zalo-oa/4312")
                .ticket("T-2207")
                .attachments(List.of(
                        new Attachment("anh.jpg", "https://files.example.vn/anh.jpg", "image/jpeg", 2048L),
                        new Attachment("hoa-don.pdf", "https://files.example.vn/hd.pdf", null, null)))
                .build("att-1", Events.T0, new MessageReceived(Channel.ZALO, "conv-1", "")));
        return events;
    }

    @Test
    void acceptsEveryValidRecordInOnePassAsTheTreeDoes() {
        List<TimelineEvent> events = valid();
        for (TimelineEvent event : events) {
            byte[] json = codec.encode(event);

            assertThat(streaming.decode(json, NOW)).as(event.type().wire()).isEqualTo(event);
            assertThat(codec.decodeTree(json, NOW)).isEqualTo(new Decoded.Accepted(event));
        }
        assertThat(events).extracting(TimelineEvent::type).contains(EventType.values());
    }

    @Test
    void answersWhatTheTreeAnswersOnMutatedRecords() {
        Random random = new Random(SEED);
        List<TimelineEvent> events = valid();
        Map<String, Integer> outcomes = new java.util.TreeMap<>();
        for (int round = 0; round < 20_000; round++) {
            TimelineEvent event = events.get(random.nextInt(events.size()));
            byte[] json = mutated(codec.encode(event), random);

            Decoded decoded = codec.decode(json, NOW);
            Decoded tree = codec.decodeTree(json, NOW);

            assertThat(decoded).as(new String(json, StandardCharsets.UTF_8)).isEqualTo(tree);
            String outcome = tree instanceof Decoded.Rejected r
                    ? r.reason().name()
                    : streaming.decode(json, NOW) != null ? "accepted in one pass" : "accepted by the tree only";
            outcomes.merge(outcome, 1, Integer::sum);
        }
        // Every path was taken: the one pass, the fall-back that still accepts (205.0 for 205), and refusals.
        assertThat(outcomes)
                .containsKeys(
                        "accepted in one pass",
                        "accepted by the tree only",
                        "SCHEMA_VIOLATION",
                        "MALFORMED_JSON",
                        "UNKNOWN_TYPE",
                        "UNSUPPORTED_SPEC_VERSION");
        assertThat(outcomes.get("accepted in one pass")).isGreaterThan(2_000);
    }

    private byte[] mutated(byte[] json, Random random) {
        int kind = random.nextInt(10);
        if (kind == 0) {
            return bytes(raw(new String(json, StandardCharsets.UTF_8), random));
        }
        ObjectNode root = (ObjectNode) mapper.readTree(json);
        int changes = 1 + random.nextInt(3);
        for (int i = 0; i < changes; i++) {
            change(root, random);
        }
        if (random.nextInt(8) == 0) {
            // data before type: the one pass cannot know the payload yet
            JsonNode type = root.remove("type");
            if (type != null) {
                root.set("type", type);
            }
        }
        return mapper.writeValueAsBytes(root);
    }

    /** One change to a random field of the record, at any depth. */
    private static void change(ObjectNode root, Random random) {
        List<ObjectNode> objects = new ArrayList<>();
        collect(root, objects);
        ObjectNode object = objects.get(random.nextInt(objects.size()));
        List<String> names = new ArrayList<>(object.propertyNames());
        String name = names.isEmpty() || random.nextInt(6) == 0
                ? pick(random, "extra", "id", "staff", "ticketId", "attachments", "schemaversion", "text", "customer")
                : names.get(random.nextInt(names.size()));
        switch (random.nextInt(9)) {
            case 0 -> object.remove(name);
            case 1 -> object.putNull(name);
            case 2 -> object.set(name, number(random));
            case 3 -> object.put(name, pick(random, "", " ", "\u00A0", "Zalo", "zalo", "phone", "email", "1", "1.0"));
            case 4 -> object.put(name, time(random));
            case 5 -> object.put(name, "x".repeat(pick(random, 120, 200, 201, 1_000, 1_001)));
            case 6 -> object.set(name, random.nextBoolean() ? NODES.objectNode() : NODES.arrayNode());
            case 7 -> object.put(name, pick(random, "message.received", "call.ended", "nope", "ticket.created"));
            default -> object.put(name, random.nextBoolean());
        }
    }

    private static void collect(JsonNode node, List<ObjectNode> into) {
        if (node instanceof ObjectNode object) {
            into.add(object);
            object.forEach(child -> collect(child, into));
        } else if (node instanceof ArrayNode array) {
            array.forEach(child -> collect(child, into));
        }
    }

    private static JsonNode number(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> NODES.numberNode(205);
            case 1 -> NODES.numberNode(205.0);
            case 2 -> NODES.numberNode(1.5);
            case 3 -> NODES.numberNode(-3L);
            case 4 -> NODES.numberNode(1L << 60);
            default -> NODES.numberNode(1);
        };
    }

    private static String time(Random random) {
        return pick(
                random,
                "2026-11-20T09:15:00+07:00",
                "2026-11-20T09:15:00.123456789Z",
                "2026-02-30T09:15:00Z",
                "2026-11-20 09:15:00Z",
                "2026-11-20T09:15:00",
                "2026-11-27T09:15:00Z",
                "2026-11-25T23:59:59-18:00");
    }

    /** Changes to the bytes no tree can express: broken syntax, a name twice, something after the object. */
    private static String raw(String json, Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> json.substring(0, random.nextInt(json.length()));
            case 1 -> json + pick(random, " ", "x", "{}", "\n");
            case 2 -> json.replaceFirst("\\{", "{\"id\":\"twice\",");
            case 3 -> json.replaceFirst("\"data\":\\{", "\"data\":{\"customer\":{\"id\":\"first\"},");
            case 4 -> "[" + json + "]";
            default -> json.replaceFirst("\"1.0\"", pick(random, "1.0", "\"1.1\"", "null"));
        };
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
