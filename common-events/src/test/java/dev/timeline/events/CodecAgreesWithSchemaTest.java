package dev.timeline.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java codec and the published JSON Schema are two descriptions of one contract, so they must give the same
 * verdict on every document: valid events of every type (with and without their optional fields, customers by id and
 * by identity), each mutated a few thousand ways — wrong JSON types, numbers as strings, fractions, huge integers,
 * nulls, missing and extra fields, blank and boundary-length strings (by code point: emoji count once), Unicode
 * spaces, enum words in another case, another event's type — and the codec must accept exactly what the schema
 * accepts. The two rules a JSON Schema cannot state are kept out of the mutations: "at most 24 hours in the future"
 * (every time they write lies in the past) and "a day of the calendar" (none writes the 30th of February).
 */
class CodecAgreesWithSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");
    private static final int MUTATIONS_PER_SEED = 400;
    private static final List<String> WORDS = List.of(
            "zalo",
            "Zalo",
            " zalo",
            "phone",
            "email",
            "sms",
            "facebook",
            "inbound",
            "outbound",
            "internal",
            "answered",
            "missed",
            "voicemail",
            "public",
            "low",
            "normal",
            "high",
            "urgent",
            "new",
            "open",
            "on_hold",
            "on-hold",
            "solved",
            "closed",
            "ticket",
            "workflow",
            "chatbot",
            "crm",
            "anon:phone:+849",
            "cus-1",
            "1.0",
            "1",
            "2",
            "application/json",
            "text/plain",
            "acme",
            "ACME",
            "a b",
            "call-1");
    private static final List<String> TIMES = List.of(
            "2026-11-20T09:15:00+07:00",
            "2026-11-20T09:15:00Z",
            "2026-11-20T09:15:00",
            "2026-11-20 09:15:00+07:00",
            "2026-11-20t09:15:00z",
            "2026-11-20T24:00:00Z",
            "2026-11-20T09:15:00.123456789Z",
            "2026-11-20T09:15:60Z",
            "20261120T091500Z",
            "2026-11-20T09:15:00+0700",
            "2026-11-20T09:15Z");

    private final EventCodec codec = new EventCodec();

    static List<Long> seeds() {
        List<Long> seeds = new ArrayList<>();
        for (long seed = 1; seed <= 40; seed++) {
            seeds.add(seed);
        }
        return seeds;
    }

    static List<TimelineEvent> bases() {
        List<TimelineEvent> events = new ArrayList<>(Events.everyType("acme", CustomerRef.id("cus-001"), "e"));
        events.addAll(Events.everyType("acme", CustomerRef.identity(IdentityKind.PHONE, "0912345678"), "p"));
        events.addAll(Events.everyControlType("acme", "cus-001", "c"));
        return events;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void acceptsExactlyWhatTheSchemaAccepts(long seed) throws Exception {
        Random random = new Random(seed);
        List<TimelineEvent> bases = bases();
        List<String> disagreements = new ArrayList<>();
        int accepted = 0;
        for (int i = 0; i < MUTATIONS_PER_SEED; i++) {
            TimelineEvent base = bases.get(random.nextInt(bases.size()));
            ObjectNode document = (ObjectNode) JSON.readTree(codec.encode(base));
            int edits = 1 + random.nextInt(2);
            List<String> what = new ArrayList<>();
            for (int e = 0; e < edits; e++) {
                what.add(mutate(document, random));
            }
            String json = JSON.writeValueAsString(document);
            Decoded decoded = codec.decode(json.getBytes(StandardCharsets.UTF_8), NOW);
            var schema = JsonSchemaTest.validate(json);
            boolean codecSays = decoded instanceof Decoded.Accepted;
            boolean schemaSays = schema.isEmpty();
            if (codecSays) {
                accepted++;
            }
            if (codecSays != schemaSays) {
                disagreements.add(what + " → codec " + (codecSays ? "accepts" : "refuses: " + decoded) + ", schema "
                        + (schemaSays ? "accepts" : "refuses: " + schema) + "\n    " + abbreviate(json));
            }
        }
        assertThat(disagreements)
                .as("documents the codec and the schema judge differently")
                .isEmpty();
        // The mutations are neither all fatal nor all harmless: both verdicts were exercised.
        assertThat(accepted).isBetween(MUTATIONS_PER_SEED / 20, MUTATIONS_PER_SEED - MUTATIONS_PER_SEED / 20);
    }

    /** One random edit somewhere in the document; returns what it did. */
    private static String mutate(ObjectNode root, Random random) {
        List<Slot> slots = new ArrayList<>();
        collect(root, "", slots);
        if (random.nextInt(12) == 0) {
            root.put("type", EventType.values()[random.nextInt(EventType.values().length)].wire());
            return "type:=" + root.get("type").asText();
        }
        Slot slot = slots.get(random.nextInt(slots.size()));
        int op = random.nextInt(10);
        if (op == 0 && slot.parent() instanceof ObjectNode object) {
            object.remove(slot.name());
            return "remove " + slot.path();
        }
        if (op == 1) {
            JsonNode container = slot.value().isContainerNode() ? slot.value() : slot.parent();
            if (container instanceof ObjectNode object) {
                object.set("extra" + random.nextInt(3), value(random, null, false));
                return "add extra under " + slot.path();
            } else if (container instanceof ArrayNode array) {
                array.add(
                        array.size() > 0 && random.nextBoolean()
                                ? array.get(0).deepCopy()
                                : value(random, null, false));
                return "append to " + slot.path();
            }
        }
        JsonNode replacement = value(random, slot.value(), slot.name().equals("time"));
        slot.set(replacement);
        return slot.path() + ":=" + abbreviate(replacement.toString());
    }

    private record Slot(String path, String name, JsonNode parent, JsonNode value, Runnable remove, Setter setter) {
        void set(JsonNode value) {
            setter.set(value);
        }
    }

    private interface Setter {
        void set(JsonNode value);
    }

    private static void collect(JsonNode node, String path, List<Slot> slots) {
        if (node instanceof ObjectNode object) {
            for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                JsonNode child = object.get(name);
                String at = path.isEmpty() ? name : path + "." + name;
                slots.add(new Slot(at, name, object, child, () -> object.remove(name), v -> object.set(name, v)));
                collect(child, at, slots);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                int index = i;
                String at = path + "[" + i + "]";
                slots.add(new Slot(at, "", array, array.get(i), () -> array.remove(index), v -> array.set(index, v)));
                collect(array.get(i), at, slots);
            }
        }
    }

    /** A value to put somewhere: another JSON type, a boundary, a near miss of what was there. */
    private static JsonNode value(Random random, JsonNode current, boolean time) {
        if (time && random.nextBoolean()) {
            return NODES.textNode(TIMES.get(random.nextInt(TIMES.size())));
        }
        List<Supplier<JsonNode>> options = new ArrayList<>(List.of(
                NODES::nullNode,
                () -> NODES.booleanNode(true),
                () -> NODES.numberNode(0),
                () -> NODES.numberNode(-1),
                () -> NODES.numberNode(1.5),
                () -> NODES.numberNode(205.0),
                () -> NODES.numberNode(9_007_199_254_740_992L),
                () -> NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890")),
                () -> NODES.textNode("205"),
                () -> NODES.textNode(""),
                () -> NODES.textNode("   "),
                () -> NODES.textNode("\t\n"),
                () -> NODES.textNode("\u00a0"),
                () -> NODES.textNode("\u2028"),
                () -> NODES.textNode("x"),
                NODES::objectNode,
                NODES::arrayNode,
                () -> NODES.textNode(WORDS.get(random.nextInt(WORDS.size()))),
                () -> NODES.textNode(longString(random))));
        if (current != null && current.isTextual()) {
            String text = current.asText();
            options.add(() -> NODES.textNode(text.toUpperCase(java.util.Locale.ROOT)));
            options.add(() -> NODES.textNode(" " + text));
            options.add(() -> NODES.textNode(text + "\u0000"));
            options.add(() -> NODES.textNode(text.isEmpty() ? text : text.substring(1)));
        }
        if (current != null && current.isNumber()) {
            long n = current.asLong();
            options.add(() -> NODES.numberNode(n + 1));
            options.add(() -> NODES.numberNode((double) n));
            options.add(() -> NODES.textNode(Long.toString(n)));
        }
        return options.get(random.nextInt(options.size())).get();
    }

    /** Around the contract's length limits, in plain letters, emoji (two chars, one code point) or Vietnamese. */
    private static String longString(Random random) {
        int length = List.of(199, 200, 201, 999, 1000, 1001, 100_000, 100_001).get(random.nextInt(8));
        String unit = List.of("a", "\uD83D\uDE00", "ệ").get(random.nextInt(3));
        return unit.repeat(length);
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 297) + "...";
    }
}
