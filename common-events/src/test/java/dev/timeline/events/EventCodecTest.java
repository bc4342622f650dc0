package dev.timeline.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventCodecTest {
    private final EventCodec codec = new EventCodec();
    private static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");

    static List<TimelineEvent> everyType() {
        List<TimelineEvent> events =
                new java.util.ArrayList<>(Events.everyType("acme", CustomerRef.id("cus-001"), "e"));
        events.addAll(Events.everyControlType("acme", "cus-001", "c"));
        return events;
    }

    @ParameterizedTest
    @MethodSource("everyType")
    void roundTripsEveryType(TimelineEvent event) {
        Decoded decoded = codec.decode(codec.encode(event), NOW);

        assertThat(decoded).isEqualTo(new Decoded.Accepted(event));
    }

    @Test
    void catalogueCoversEveryPayloadRecord() {
        assertThat(everyType()).extracting(TimelineEvent::type).containsExactly(EventType.values());
        assertThat(Payload.class.getPermittedSubclasses()).hasSize(EventType.values().length);
    }

    @Test
    void writesCloudEventsAttributesAndKeepsSharedFieldsInData() {
        String json = new String(
                codec.encode(Events.emailSent("acme", CustomerRef.id("c1"), "x1", Events.T0)), StandardCharsets.UTF_8);

        assertThat(json)
                .contains("\"specversion\":\"1.0\"", "\"type\":\"email.sent\"", "\"tenant\":\"acme\"")
                .contains("\"time\":\"2026-09-01T02:00:00Z\"", "\"schemaversion\":1")
                .contains("\"customer\":{\"id\":\"c1\"}", "\"staff\":{\"id\":\"agent-07\"")
                .doesNotContain("null");
    }

    @Test
    void readsBinaryModeLikeStructuredMode() throws Exception {
        TimelineEvent event = Events.callEnded("acme", CustomerRef.id("c1"), "b1", Events.T0);
        var structured = new com.fasterxml.jackson.databind.ObjectMapper().readTree(codec.encode(event));
        java.util.Map<String, String> attributes = new java.util.LinkedHashMap<>();
        for (String name : List.of("specversion", "id", "source", "type", "time", "tenant", "schemaversion")) {
            attributes.put(name, structured.get(name).asText());
        }
        byte[] data = structured.get("data").toString().getBytes(StandardCharsets.UTF_8);

        assertThat(codec.decodeBinary(attributes, "application/json", data, NOW))
                .isEqualTo(new Decoded.Accepted(event));
        assertThat(((Decoded.Rejected) codec.decodeBinary(attributes, "text/plain", data, NOW)).message())
                .contains("datacontenttype: must be application/json");
        attributes.remove("id");
        assertThat(((Decoded.Rejected) codec.decodeBinary(attributes, null, data, NOW)).message())
                .contains("id: is required");
        assertThat(codec.decodeBinary(attributes, null, bytes("{not json"), NOW))
                .extracting(d -> ((Decoded.Rejected) d).reason())
                .isEqualTo(RejectReason.MALFORMED_JSON);
    }

    @Test
    void rejectsBrokenJsonAsMalformed() {
        assertThat(reject("{\"specversion\":\"1.0\",")).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(reject("[1,2]")).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(reject("")).isEqualTo(RejectReason.MALFORMED_JSON);
    }

    @Test
    void saysWhereTheJsonBreaksWithoutEchoingIt() {
        String message = message("{\"specversion\":\"1.0\",\n \"id\": tel:0912345678}");

        assertThat(message)
                .startsWith("not valid JSON: ")
                .contains("at line 2, column")
                .doesNotContain("0912345678");
    }

    @Test
    void rejectsOtherSpecVersionsUnknownTypesAndNewerSchemas() {
        assertThat(reject(valid().replace("\"1.0\"", "\"0.3\""))).isEqualTo(RejectReason.UNSUPPORTED_SPEC_VERSION);
        assertThat(reject(valid().replace("call.ended", "call.teleported"))).isEqualTo(RejectReason.UNKNOWN_TYPE);
        assertThat(reject(valid().replace("\"schemaversion\":1", "\"schemaversion\":2")))
                .isEqualTo(RejectReason.UNSUPPORTED_SCHEMA_VERSION);
    }

    @Test
    void namesEveryBrokenFieldInOneMessage() {
        String json = valid().replace("\"durationSeconds\":205,", "")
                .replace("\"direction\":\"inbound\"", "\"direction\":\"sideways\"")
                .replace("\"tenant\":\"acme\"", "\"tenant\":\"ACME Corp\"");

        Decoded.Rejected rejected = (Decoded.Rejected) codec.decode(bytes(json), NOW);

        assertThat(rejected.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
        assertThat(rejected.message())
                .contains("data.direction: 'sideways' is not one of [inbound, outbound, internal]")
                .contains("tenant: must match");
    }

    @Test
    void reportsMissingRequiredFieldsAndWrongTypes() {
        assertThat(message(valid().replace("\"durationSeconds\":205,", "")))
                .contains("data.durationSeconds: is required");
        assertThat(message(valid().replace("\"durationSeconds\":205", "\"durationSeconds\":\"long\"")))
                .contains("data.durationSeconds: must be an integer, not a string");
        assertThat(message(valid().replace("\"id\":\"x1\",", ""))).contains("id: is required");
        assertThat(message(valid().replace("\"customer\":{\"id\":\"c1\"}", "\"customer\":{}")))
                .contains("data.customer: needs an id or an identity");
        assertThat(message(valid().replace("\"time\":\"2026-09-01T02:00:00Z\"", "\"time\":\"hôm qua\"")))
                .contains("time: must be an RFC 3339 timestamp");
        assertThat(message(valid().replace("\"time\":\"2026-09-01T02:00:00Z\"", "\"time\":\"2027-01-01T00:00:00Z\"")))
                .contains("time: is more than 24 hours in the future");
    }

    @Test
    void requiresTicketForTicketEventsAndStaffForReplies() {
        var customer = CustomerRef.id("c1");
        var comment = TimelineEvent.builder("acme", customer)
                .source("helpdesk")
                .build("t1", Events.T0, new TicketCommented("Đã gọi lại", TicketCommented.Visibility.PUBLIC));
        var reply = TimelineEvent.builder("acme", customer)
                .source("zalo")
                .build("m1", Events.T0, new MessageSent(Channel.ZALO, null, "Dạ vâng"));

        assertThat(((Decoded.Rejected) codec.decode(codec.encode(comment), NOW)).message())
                .isEqualTo("data.ticketId: is required for ticket.commented");
        assertThat(((Decoded.Rejected) codec.decode(codec.encode(reply), NOW)).message())
                .isEqualTo("data.staff: is required for message.sent");
    }

    @Test
    void controlEventsNeedACrmCustomerIdAndAValidIdentity() {
        var byIdentity = TimelineEvent.builder("acme", CustomerRef.identity(IdentityKind.ZALO, "4088"))
                .source("crm")
                .build("l1", Events.T0, new IdentityLinked(new Identity(IdentityKind.PHONE, "0912345678")));
        var noIdentity = Events.control("acme", "c1", "l2", Events.T0, new IdentityLinked(null));
        var mergeAnonymous = Events.control("acme", "c1", "m1", Events.T0, new CustomersMerged("anon:zalo:4088"));

        assertThat(((Decoded.Rejected) codec.decode(codec.encode(byIdentity), NOW)).message())
                .isEqualTo("data.customer.id: is required for crm.identity-linked");
        assertThat(((Decoded.Rejected) codec.decode(codec.encode(noIdentity), NOW)).message())
                .isEqualTo("data.identity: is required");
        assertThat(((Decoded.Rejected) codec.decode(codec.encode(mergeAnonymous), NOW)).message())
                .isEqualTo("data.mergedCustomerId: must be a CRM customer id, not an anonymous contact key");
    }

    @Test
    void linksCanonicalizeTheIdentityLikeEventsDo() {
        var link = Events.control(
                "acme", "c1", "l1", Events.T0, new IdentityLinked(new Identity(IdentityKind.PHONE, "84 912 345 678")));

        var decoded = (Decoded.Accepted) codec.decode(codec.encode(link), NOW);

        assertThat(((IdentityLinked) decoded.event().payload()).identity().key())
                .isEqualTo("phone:+84912345678");
    }

    @Test
    void acceptsMessagesWithOnlyAttachmentsButNotEmptyOnes() {
        var b = TimelineEvent.builder("acme", CustomerRef.id("c1")).source("fb");
        var empty = b.build("m1", Events.T0, new MessageReceived(Channel.FACEBOOK, null, " "));
        var photo = b.attachments(List.of(Attachment.of("anh.jpg", "https://f.vn/anh.jpg")))
                .build("m2", Events.T0, new MessageReceived(Channel.FACEBOOK, null, null));

        assertThat(codec.decode(codec.encode(empty), NOW)).isInstanceOf(Decoded.Rejected.class);
        assertThat(codec.decode(codec.encode(photo), NOW)).isInstanceOf(Decoded.Accepted.class);
    }

    @Test
    void refusesNonMessagingChannelsForMessages() {
        var sms = TimelineEvent.builder("acme", CustomerRef.id("c1"))
                .source("x")
                .build("m1", Events.T0, new MessageReceived(Channel.CRM, null, "hi"));

        assertThat(((Decoded.Rejected) codec.decode(codec.encode(sms), NOW)).message())
                .contains("data.channel: 'crm' is not a messaging channel");
    }

    @Test
    void ignoresUnknownFieldsSoProducersMayAddThem() {
        String json = valid().replace("\"callId\"", "\"mood\":\"vui\",\"callId\"")
                .replace("\"id\":\"x1\"", "\"id\":\"x1\",\"partitionkey\":\"k\"");

        assertThat(codec.decode(bytes(json), NOW)).isInstanceOf(Decoded.Accepted.class);
    }

    @Test
    void acceptsTimesWithAnOffsetAndSchemaVersionAsString() {
        String json = valid().replace("2026-09-01T02:00:00Z", "2026-09-01T09:00:00+07:00")
                .replace("\"schemaversion\":1", "\"schemaversion\":\"1\"");

        var accepted = (Decoded.Accepted) codec.decode(bytes(json), NOW);

        assertThat(accepted.event().time()).isEqualTo(Events.T0);
    }

    private String valid() {
        return new String(
                codec.encode(Events.callEnded("acme", CustomerRef.id("c1"), "x1", Events.T0)), StandardCharsets.UTF_8);
    }

    private RejectReason reject(String json) {
        return ((Decoded.Rejected) codec.decode(bytes(json), NOW)).reason();
    }

    private String message(String json) {
        return ((Decoded.Rejected) codec.decode(bytes(json), NOW)).message();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
