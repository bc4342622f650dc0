package dev.timeline.events;

import static tools.jackson.core.JsonToken.END_ARRAY;
import static tools.jackson.core.JsonToken.START_ARRAY;
import static tools.jackson.core.JsonToken.START_OBJECT;
import static tools.jackson.core.JsonToken.VALUE_NUMBER_INT;
import static tools.jackson.core.JsonToken.VALUE_STRING;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.json.JsonMapper;

/**
 * The accepting half of {@link EventCodec#decode(byte[], Instant)} in one pass over the bytes: the parser's tokens go
 * straight into the contract's records, with no JSON tree in between. It takes only records it can accept outright —
 * every field of the JSON type the contract wants (integers written as integers), no field twice, {@code type} before
 * {@code data}, nothing after the object — and checks them against the same rules as the tree decode. Anything else
 * (a syntax error, a wrong type, a rule broken, a record constructor refusing) answers null, and the caller decodes
 * the tree, which names exactly what is wrong. What this accepts is equal to what the tree decode accepts from the same
 * bytes ({@code StreamingDecodeTest} holds it over generated and mutated records).
 */
final class StreamingDecode {
    private final JsonMapper mapper;

    StreamingDecode(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** Where the one pass gives up: the tree decode takes over. Thrown without a stack trace. */
    private static final class NotHere extends RuntimeException {
        private static final NotHere INSTANCE = new NotHere();

        private NotHere() {
            super(null, null, false, false);
        }
    }

    /** The event, or null when only the tree decode can tell (it may still accept it: a 205.0 for 205, say). */
    @Nullable
    TimelineEvent decode(byte[] json, Instant now) {
        try (JsonParser p = mapper.createParser(json)) {
            TimelineEvent event = event(p, now);
            return p.nextToken() == null ? event : null;
        } catch (RuntimeException notHere) {
            return null;
        }
    }

    /** The shared part of {@code data}: what the payload's record does not hold. */
    private static final class Data {
        @Nullable
        CustomerRef customer;

        @Nullable
        Staff staff;

        @Nullable
        String ticketId;

        @Nullable
        List<Attachment> attachments;

        @Nullable
        Payload payload;
    }

    private static TimelineEvent event(JsonParser p, Instant now) {
        expect(p.nextToken() == START_OBJECT);
        String spec = null;
        String id = null;
        String source = null;
        EventType type = null;
        String time = null;
        String tenant = null;
        String contentType = null;
        boolean schemaVersion = false;
        Data data = null;
        for (String name = p.nextName(); name != null; name = p.nextName()) {
            p.nextToken();
            switch (name) {
                case "specversion" -> spec = once(spec, string(p));
                case "id" -> id = once(id, string(p));
                case "source" -> source = once(source, string(p));
                case "type" -> type = once(type, EventType.ofWire(string(p)).orElseThrow(() -> NotHere.INSTANCE));
                case "time" -> time = once(time, string(p));
                case "tenant" -> tenant = once(tenant, string(p));
                case "datacontenttype" -> contentType = once(contentType, string(p));
                case "schemaversion" -> {
                    expect(!schemaVersion && isOne(p));
                    schemaVersion = true;
                }
                case "data" -> {
                    expect(data == null && type != null);
                    data = data(p, type);
                }
                default -> p.skipChildren();
            }
        }
        expect(TimelineEvent.SPEC_VERSION.equals(spec) && type != null && data != null);
        return checked(id, source, type, time, tenant, contentType, data, now);
    }

    /** The tree decode's rules for an event whose every field has the right JSON type. */
    private static TimelineEvent checked(
            @Nullable String id,
            @Nullable String source,
            EventType type,
            @Nullable String time,
            @Nullable String tenant,
            @Nullable String contentType,
            Data data,
            Instant now) {
        Violations v = new Violations();
        v.required("id", id).maxLength("id", id, EventCodec.ID_MAX);
        v.required("source", source).maxLength("source", source, EventCodec.ID_MAX);
        expect(tenant != null && EventCodec.isTenant(tenant));
        expect(time != null && EventCodec.isTime(time));
        Instant instant = EventCodec.instant(time);
        expect(!instant.isAfter(now.plus(EventCodec.MAX_FUTURE_HOURS, ChronoUnit.HOURS)));
        expect(contentType == null || contentType.startsWith("application/json"));
        CustomerRef customer = data.customer;
        expect(customer != null && data.payload != null);
        v.maxLength("data.customer.id", customer.id(), EventCodec.ID_MAX);
        Identity identity = customer.identity();
        if (identity != null) {
            v.required("data.customer.identity.kind", identity.kind());
            v.required("data.customer.identity.value", identity.value());
            v.maxLength("data.customer.identity.value", identity.value(), EventCodec.ID_MAX);
        }
        boolean hasId = !Violations.blank(customer.id());
        expect(hasId || identity != null);
        Staff staff = data.staff;
        if (staff != null) {
            v.required("data.staff.id", staff.id()).maxLength("data.staff.id", staff.id(), EventCodec.ID_MAX);
            v.maxLength("data.staff.name", staff.name(), Payload.NAME_MAX);
        }
        v.maxLength("data.ticketId", data.ticketId, EventCodec.ID_MAX);
        List<Attachment> attachments = data.attachments == null ? List.of() : data.attachments;
        for (int i = 0; i < attachments.size(); i++) {
            Attachment attachment = attachments.get(i);
            v.required("name", attachment.name()).maxLength("name", attachment.name(), Payload.NAME_MAX);
            v.required("url", attachment.url()).maxLength("url", attachment.url(), Payload.NAME_MAX);
            v.maxLength("contentType", attachment.contentType(), Payload.NAME_MAX);
            v.notNegative("sizeBytes", attachment.sizeBytes());
        }
        Payload payload = data.payload;
        payload.validate(v);
        expect(v.isEmpty());
        expect(!attachments.isEmpty() || !EventCodec.blankMessageText(payload));
        expect(!type.requiresTicket() || !Violations.blank(data.ticketId));
        expect(!type.isControl() || hasId);
        expect(!type.requiresStaff() || staff != null);
        return new TimelineEvent(
                id,
                source,
                instant,
                tenant,
                hasId ? customer : new CustomerRef(null, identity),
                staff,
                EventCodec.blankToNull(data.ticketId),
                attachments,
                payload);
    }

    private static Data data(JsonParser p, EventType type) {
        expect(p.currentToken() == START_OBJECT);
        RecordReader.Shape shape = RecordReader.shape(type.payloadType());
        Object[] values = new Object[shape.components().length];
        Data data = new Data();
        for (String name = p.nextName(); name != null; name = p.nextName()) {
            p.nextToken();
            switch (name) {
                case "customer" -> data.customer = once(data.customer, record(p, CustomerRef.class));
                case "staff" -> data.staff = once(data.staff, record(p, Staff.class));
                case "ticketId" -> data.ticketId = once(data.ticketId, string(p));
                case "attachments" -> data.attachments = once(data.attachments, attachments(p));
                default -> {
                    Integer at = shape.position(name);
                    if (at == null) {
                        p.skipChildren();
                    } else {
                        values[at] = once(values[at], value(p, shape.type(at)));
                    }
                }
            }
        }
        data.payload = construct(shape, type.payloadType(), values);
        return data;
    }

    private static List<Attachment> attachments(JsonParser p) {
        expect(p.currentToken() == START_ARRAY);
        List<Attachment> read = new ArrayList<>(2);
        while (p.nextToken() != END_ARRAY) {
            read.add(record(p, Attachment.class));
        }
        return List.copyOf(read);
    }

    private static <T> T record(JsonParser p, Class<T> type) {
        expect(p.currentToken() == START_OBJECT);
        RecordReader.Shape shape = RecordReader.shape(type);
        Object[] values = new Object[shape.components().length];
        for (String name = p.nextName(); name != null; name = p.nextName()) {
            p.nextToken();
            Integer at = shape.position(name);
            if (at == null) {
                p.skipChildren();
            } else {
                values[at] = once(values[at], value(p, shape.type(at)));
            }
        }
        return construct(shape, type, values);
    }

    private static <T> T construct(RecordReader.Shape shape, Class<T> type, Object[] values) {
        try {
            return type.cast(shape.constructor().newInstance(values));
        } catch (ReflectiveOperationException refused) {
            throw NotHere.INSTANCE;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object value(JsonParser p, Class<?> type) {
        if (type == String.class) {
            return string(p);
        }
        if (type == Long.class) {
            expect(p.currentToken() == VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER);
            long value = p.getLongValue();
            expect(Math.abs(value) <= RecordReader.MAX_INTEGER);
            return value;
        }
        if (type.isEnum()) {
            Object constant = WireEnums.strict((Class) type, string(p));
            expect(constant != null);
            return constant;
        }
        if (type.isRecord()) {
            return record(p, type);
        }
        throw NotHere.INSTANCE;
    }

    private static String string(JsonParser p) {
        expect(p.currentToken() == VALUE_STRING);
        return p.getString();
    }

    /** {@code schemaversion} as the only value the tree decode accepts without more ado: {@code 1} or {@code "1"}. */
    private static boolean isOne(JsonParser p) {
        return p.currentToken() == VALUE_STRING
                ? "1".equals(p.getString())
                : p.currentToken() == VALUE_NUMBER_INT
                        && p.getNumberType() == JsonParser.NumberType.INT
                        && p.getIntValue() == TimelineEvent.SCHEMA_VERSION;
    }

    private static <T> T once(@Nullable Object before, T value) {
        expect(before == null);
        return value;
    }

    private static void expect(boolean condition) {
        if (!condition) {
            throw NotHere.INSTANCE;
        }
    }
}
