package dev.timeline.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes the wire form: a CloudEvents 1.0 JSON event in structured mode. Decoding never throws for bad
 * input; it says what is wrong, naming every field it can, so that a connector's author can fix it from the
 * dead-letter header alone. Thread-safe.
 */
public final class EventCodec {

    public static final String CONTENT_TYPE = "application/cloudevents+json";
    static final int ID_MAX = 200;
    private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final int MAX_FUTURE_HOURS = 24;

    private final JsonMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .changeDefaultPropertyInclusion(
                    incl -> JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();

    public byte[] encode(TimelineEvent event) {
        ObjectNode root = mapper.createObjectNode();
        root.put("specversion", TimelineEvent.SPEC_VERSION);
        root.put("id", event.id());
        root.put("source", event.source());
        root.put("type", event.type().wire());
        root.put("time", event.time().toString());
        root.put("datacontenttype", "application/json");
        root.put("tenant", event.tenant());
        root.put("schemaversion", TimelineEvent.SCHEMA_VERSION);
        ObjectNode data = mapper.valueToTree(event.payload());
        data.set("customer", mapper.valueToTree(event.customer()));
        if (event.staff() != null) {
            data.set("staff", mapper.valueToTree(event.staff()));
        }
        if (event.ticketId() != null) {
            data.put("ticketId", event.ticketId());
        }
        if (!event.attachments().isEmpty()) {
            data.set("attachments", mapper.valueToTree(event.attachments()));
        }
        root.set("data", data);
        return mapper.writeValueAsBytes(root);
    }

    public Decoded decode(byte[] json) {
        return decode(json, Instant.now());
    }

    /** Decodes with {@code now} as the clock, against which a timestamp too far in the future is refused. */
    public Decoded decode(byte[] json, Instant now) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JacksonException e) {
            return new Decoded.Rejected(RejectReason.MALFORMED_JSON, "not valid JSON: " + syntaxError(e));
        }
        Decoded decoded = decode(root, now);
        if (decoded instanceof Decoded.Rejected rejected && root != null && root.isObject()) {
            return rejected.withSeen(seen(root));
        }
        return decoded;
    }

    /** What a refused record said of itself, unchecked. */
    private static Decoded.Seen seen(JsonNode root) {
        Instant time = null;
        String rawTime = cut(string(root, "time"));
        if (rawTime != null) {
            try {
                time = OffsetDateTime.parse(rawTime).toInstant();
            } catch (DateTimeParseException notATime) {
                // left out
            }
        }
        String customer = null;
        JsonNode ref = root.path("data").path("customer");
        if (ref.isObject()) {
            String id = string(ref, "id");
            JsonNode identity = ref.path("identity");
            if (id != null && !id.isBlank()) {
                customer = id;
            } else if (identity.isObject() && string(identity, "kind") != null && string(identity, "value") != null) {
                customer = CustomerRef.ANONYMOUS_PREFIX + string(identity, "kind") + ":" + string(identity, "value");
            }
        }
        return new Decoded.Seen(
                cut(string(root, "tenant")),
                cut(string(root, "source")),
                cut(string(root, "type")),
                cut(string(root, "id")),
                time,
                cut(customer));
    }

    private static @Nullable String cut(@Nullable String s) {
        return s == null || s.length() <= ID_MAX ? s : s.substring(0, ID_MAX);
    }

    private Decoded decode(JsonNode root, Instant now) {
        if (root == null || !root.isObject()) {
            return new Decoded.Rejected(RejectReason.MALFORMED_JSON, "the record is not a JSON object");
        }
        String specVersion = string(root, "specversion");
        if (!TimelineEvent.SPEC_VERSION.equals(specVersion)) {
            return new Decoded.Rejected(
                    RejectReason.UNSUPPORTED_SPEC_VERSION,
                    "specversion: must be \"1.0\" (CloudEvents 1.0), was " + quoted(specVersion));
        }
        String typeName = string(root, "type");
        if (typeName == null || typeName.isBlank()) {
            return new Decoded.Rejected(RejectReason.SCHEMA_VIOLATION, "type: is required");
        }
        EventType type = EventType.ofWire(typeName).orElse(null);
        if (type == null) {
            return new Decoded.Rejected(
                    RejectReason.UNKNOWN_TYPE, "type: '" + abbreviate(typeName) + "' is not a known event type");
        }
        Violations v = new Violations();
        JsonNode schemaVersion = root.get("schemaversion");
        if (schemaVersion != null && !schemaVersion.isNull()) {
            int version = schemaVersion.isNumber() || schemaVersion.isString() ? schemaVersion.asInt(-1) : -1;
            if (version > TimelineEvent.SCHEMA_VERSION) {
                return new Decoded.Rejected(
                        RejectReason.UNSUPPORTED_SCHEMA_VERSION,
                        "schemaversion: " + version + " is newer than the supported " + TimelineEvent.SCHEMA_VERSION);
            }
            if (version < 1) {
                v.add("schemaversion", "must be a positive integer");
            }
        }
        String id = string(root, "id");
        String source = string(root, "source");
        String tenant = string(root, "tenant");
        v.required("id", id).maxLength("id", id, ID_MAX);
        v.required("source", source).maxLength("source", source, ID_MAX);
        v.required("tenant", tenant);
        if (tenant != null && !tenant.isBlank() && !TENANT.matcher(tenant).matches()) {
            v.add("tenant", "must match " + TENANT.pattern());
        }
        Instant time = time(root, now, v);
        String contentType = string(root, "datacontenttype");
        if (contentType != null && !contentType.startsWith("application/json")) {
            v.add("datacontenttype", "must be application/json");
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            v.add("data", "is required and must be an object");
            return new Decoded.Rejected(RejectReason.SCHEMA_VIOLATION, v.toString());
        }
        CustomerRef customer = read(data, "customer", CustomerRef.class, v);
        validateCustomer(customer, data.has("customer"), v);
        Staff staff = read(data, "staff", Staff.class, v);
        if (staff != null) {
            v.required("data.staff.id", staff.id()).maxLength("data.staff.id", staff.id(), ID_MAX);
        }
        String ticketId = string(data, "ticketId");
        v.maxLength("data.ticketId", ticketId, ID_MAX);
        List<Attachment> attachments = attachments(data, v);
        Payload payload = readPayload(data, type, v);
        if (payload != null) {
            payload.validate(v);
            if (attachments.isEmpty() && blankMessageText(payload)) {
                v.add("data.text", "is required when there are no attachments");
            }
        }
        if (type.requiresTicket() && (ticketId == null || ticketId.isBlank())) {
            v.add("data.ticketId", "is required for " + type.wire());
        }
        if (type.isControl() && customer != null && customer.id() == null) {
            v.add("data.customer.id", "is required for " + type.wire());
        }
        if (type.requiresStaff() && staff == null) {
            v.add("data.staff", "is required for " + type.wire());
        }
        if (!v.isEmpty() || payload == null || customer == null || time == null) {
            return new Decoded.Rejected(RejectReason.SCHEMA_VIOLATION, v.toString());
        }
        return new Decoded.Accepted(new TimelineEvent(
                id, source, time, tenant, customer, staff, blankToNull(ticketId), attachments, payload));
    }

    private static @Nullable Instant time(JsonNode root, Instant now, Violations v) {
        String raw = string(root, "time");
        if (raw == null || raw.isBlank()) {
            v.add("time", "is required");
            return null;
        }
        Instant time;
        try {
            time = OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException e) {
            v.add("time", "must be an RFC 3339 timestamp with an offset, e.g. 2026-11-20T09:15:00+07:00");
            return null;
        }
        if (time.isAfter(now.plus(MAX_FUTURE_HOURS, ChronoUnit.HOURS))) {
            v.add("time", "is more than " + MAX_FUTURE_HOURS + " hours in the future");
        }
        return time;
    }

    private static void validateCustomer(@Nullable CustomerRef customer, boolean present, Violations v) {
        if (customer == null) {
            if (!present) {
                v.add("data.customer", "is required");
            }
            return;
        }
        v.maxLength("data.customer.id", customer.id(), ID_MAX);
        Identity identity = customer.identity();
        if (identity != null) {
            v.required("data.customer.identity.kind", identity.kind());
            v.required("data.customer.identity.value", identity.value());
            v.maxLength("data.customer.identity.value", identity.value(), ID_MAX);
        }
        boolean hasId = customer.id() != null && !customer.id().isBlank();
        if (!hasId && identity == null) {
            v.add("data.customer", "needs an id or an identity");
        }
    }

    private List<Attachment> attachments(JsonNode data, Violations v) {
        JsonNode node = data.get("attachments");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            v.add("data.attachments", "must be an array");
            return List.of();
        }
        Attachment[] read = read(data, "attachments", Attachment[].class, v);
        if (read == null) {
            return List.of();
        }
        for (int i = 0; i < read.length; i++) {
            String at = "data.attachments[" + i + "]";
            if (read[i] == null) {
                v.add(at, "must be an object");
                continue;
            }
            v.required(at + ".name", read[i].name()).maxLength(at + ".name", read[i].name(), Payload.NAME_MAX);
            v.required(at + ".url", read[i].url()).maxLength(at + ".url", read[i].url(), Payload.NAME_MAX);
        }
        return v.isEmpty() ? List.of(read) : List.of();
    }

    private @Nullable Payload readPayload(JsonNode data, EventType type, Violations v) {
        try {
            return mapper.treeToValue(data, type.payloadType());
        } catch (JacksonException e) {
            v.add(path("data", e), reason(e));
            return null;
        }
    }

    private <T> @Nullable T read(JsonNode data, String field, Class<T> type, Violations v) {
        JsonNode node = data.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return mapper.treeToValue(node, type);
        } catch (JacksonException e) {
            v.add(path("data." + field, e), reason(e));
            return null;
        }
    }

    private static boolean blankMessageText(Payload payload) {
        String text;
        if (payload instanceof MessageReceived m) {
            text = m.text();
        } else if (payload instanceof MessageSent m) {
            text = m.text();
        } else {
            return false;
        }
        return text == null || text.isBlank();
    }

    private static String path(String prefix, JacksonException e) {
        StringBuilder path = new StringBuilder(prefix);
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append('.').append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String reason(JacksonException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException iae && iae.getMessage() != null) {
                return iae.getMessage();
            }
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "has the wrong type (expected " + jsonTypeOf(mismatch.getTargetType()) + ")";
        }
        return firstLine(e);
    }

    private static String jsonTypeOf(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type == String.class || type.isEnum()) {
            return "a string";
        }
        if (type.isArray() || List.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    /** The parser's complaint and where, without its echo of the input (which may hold personal data). */
    private static String syntaxError(JacksonException e) {
        String message = firstLine(e);
        int echo = message.indexOf(" (start marker at");
        if (echo >= 0) {
            message = message.substring(0, echo);
        }
        var location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            message += " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        }
        return message;
    }

    private static String firstLine(JacksonException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return abbreviate(newline < 0 ? message : message.substring(0, newline));
    }

    private static @Nullable String string(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isValueNode() ? value.asString() : value.toString();
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String quoted(@Nullable String s) {
        return s == null ? "missing" : "'" + abbreviate(s) + "'";
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
