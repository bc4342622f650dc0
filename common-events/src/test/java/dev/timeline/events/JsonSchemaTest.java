package dev.timeline.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON Schema (for connectors in other languages) must agree with the Java codec. */
class JsonSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(
                    JsonSchemaTest.class.getResourceAsStream("/schemas/timeline-event-v1.schema.json"),
                    // The JSON Schema spec's semantics, as validators in other languages apply them: lengths in code
                    // points, patterns as ECMA-262 regular expressions.
                    SchemaValidatorsConfig.builder()
                            .formatAssertionsEnabled(true)
                            .javaSemantics(false)
                            .regularExpressionFactory(
                                    com.networknt.schema.regex.JoniRegularExpressionFactory.getInstance())
                            .build());
    private final EventCodec codec = new EventCodec();

    static List<TimelineEvent> everyType() {
        List<TimelineEvent> events = new ArrayList<>(Events.everyType("acme", CustomerRef.id("cus-001"), "e"));
        events.addAll(Events.everyType("acme", CustomerRef.identity(IdentityKind.PHONE, "0912345678"), "p"));
        events.addAll(Events.everyControlType("acme", "cus-001", "c"));
        return events;
    }

    @ParameterizedTest
    @MethodSource("everyType")
    void acceptsWhatTheCodecWrites(TimelineEvent event) throws Exception {
        assertThat(validate(new String(codec.encode(event), StandardCharsets.UTF_8)))
                .isEmpty();
    }

    @Test
    void listsExactlyTheCatalogueTypes() throws Exception {
        JsonNode schema =
                JSON.readTree(JsonSchemaTest.class.getResourceAsStream("/schemas/timeline-event-v1.schema.json"));
        List<String> types = new ArrayList<>();
        schema.at("/properties/type/enum").forEach(n -> types.add(n.asText()));

        assertThat(types)
                .containsExactlyElementsOf(java.util.Arrays.stream(EventType.values())
                        .map(EventType::wire)
                        .toList());
    }

    /** Each edit makes the codec reject the event; the schema must reject it too. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"durationSeconds\":205,=>",
                "\"direction\":\"inbound\"=>\"direction\":\"sideways\"",
                "\"tenant\":\"acme\"=>\"tenant\":\"ACME Corp\"",
                "\"customer\":{\"id\":\"c1\"}=>\"customer\":{}",
                "\"1.0\"=>\"0.3\"",
                "call.ended=>call.teleported",
                "\"time\":\"2026-09-01T02:00:00Z\"=>\"time\":\"hôm qua\"",
                "\"durationSeconds\":205=>\"durationSeconds\":-1",
                "\"callId\":\"call-x1\"=>\"callId\":\" \"",
            })
    void rejectsWhatTheCodecRejects(String edit) throws Exception {
        String[] parts = edit.split("=>", -1);
        String json = new String(
                        codec.encode(Events.callEnded("acme", CustomerRef.id("c1"), "x1", Events.T0)),
                        StandardCharsets.UTF_8)
                .replace(parts[0], parts[1]);

        assertThat(codec.decode(json.getBytes(StandardCharsets.UTF_8))).isInstanceOf(Decoded.Rejected.class);
        assertThat(validate(json)).isNotEmpty();
    }

    @Test
    void requiresTicketOnTicketEventsAndStaffOnReplies() throws Exception {
        var comment = TimelineEvent.builder("acme", CustomerRef.id("c1"))
                .source("helpdesk")
                .build("t1", Events.T0, new TicketCommented("ok", TicketCommented.Visibility.PUBLIC));
        var reply = TimelineEvent.builder("acme", CustomerRef.id("c1"))
                .source("zalo")
                .build("m1", Events.T0, new MessageSent(Channel.ZALO, null, "Dạ"));

        assertThat(validate(new String(codec.encode(comment), StandardCharsets.UTF_8)))
                .isNotEmpty();
        assertThat(validate(new String(codec.encode(reply), StandardCharsets.UTF_8)))
                .isNotEmpty();
    }

    static Set<ValidationMessage> validate(String json) throws Exception {
        return SCHEMA.validate(JSON.readTree(json));
    }
}
