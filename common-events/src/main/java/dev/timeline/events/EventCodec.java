package dev.timeline.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
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
    static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    /** The schema's pattern for {@code time}, word for word. */
    static final Pattern TIME =
            Pattern.compile("[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]"
                    + ":[0-5][0-9](\\.[0-9]{1,9})?(Z|[+-](0[0-9]|1[0-7]):[0-5][0-9]|[+-]18:00)");

    static final int MAX_FUTURE_HOURS = 24;

    private final JsonMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .changeDefaultPropertyInclusion(
                    incl -> JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();
    private final StreamingDecode streaming = new StreamingDecode(mapper);

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

    /**
     * Decodes with {@code now} as the clock, against which a timestamp too far in the future is refused. A record that
     * passes is read in one pass from its bytes ({@link StreamingDecode}); one that does not, through a JSON tree,
     * which can say what is wrong with it.
     */
    public Decoded decode(byte[] json, Instant now) {
        TimelineEvent event = streaming.decode(json, now);
        if (event != null) {
            return new Decoded.Accepted(event);
        }
        return decodeTree(json, now);
    }

    /** {@link #decode(byte[], Instant)} through a JSON tree only: what the one pass must agree with. */
    Decoded decodeTree(byte[] json, Instant now) {
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

    /**
     * Decodes an event in CloudEvents' binary content mode (the Kafka binding): the attributes come as {@code ce_*}
     * headers ({@code ce_specversion}, {@code ce_id}, {@code ce_source}, {@code ce_type}, {@code ce_time},
     * {@code ce_tenant}, {@code ce_schemaversion}), {@code datacontenttype} as the {@code content-type} header, and
     * the record value is {@code data} alone. The same checks apply as to a structured event: the attributes and
     * data are put together into the structured document and decoded as one.
     *
     * @param attributes the attribute names without their {@code ce_} prefix, with their values
     */
    public Decoded decodeBinary(
            Map<String, String> attributes, @Nullable String contentType, byte[] data, Instant now) {
        ObjectNode root = mapper.createObjectNode();
        attributes.forEach(root::put);
        if (contentType != null) {
            root.put("datacontenttype", contentType);
        }
        JsonNode payload;
        try {
            payload = mapper.readTree(data);
        } catch (JacksonException e) {
            return new Decoded.Rejected(RejectReason.MALFORMED_JSON, "data is not valid JSON: " + syntaxError(e))
                    .withSeen(seen(root));
        }
        if (payload != null) {
            root.set("data", payload);
        }
        Decoded decoded = decode(root, now);
        return decoded instanceof Decoded.Rejected rejected ? rejected.withSeen(seen(root)) : decoded;
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

    /** The envelope's string attribute, or null if absent; a present attribute of another JSON type is a violation. */
    private static @Nullable String attribute(JsonNode root, String name, Violations v) {
        JsonNode node = root.get(name);
        if (node == null) {
            return null;
        }
        if (!node.isString()) {
            v.add(name, "must be a string, not " + RecordReader.jsonType(node));
            return null;
        }
        return node.stringValue();
    }

    Decoded decode(JsonNode root, Instant now) {
        if (root == null || !root.isObject()) {
            return new Decoded.Rejected(RejectReason.MALFORMED_JSON, "the record is not a JSON object");
        }
        JsonNode spec = root.get("specversion");
        if (spec == null || !spec.isString() || !TimelineEvent.SPEC_VERSION.equals(spec.stringValue())) {
            return new Decoded.Rejected(
                    RejectReason.UNSUPPORTED_SPEC_VERSION,
                    "specversion: must be the string \"1.0\" (CloudEvents 1.0), was "
                            + (spec == null
                                    ? "missing"
                                    : spec.isString() ? quoted(spec.stringValue()) : spec.toString()));
        }
        Violations v = new Violations();
        String typeName = attribute(root, "type", v);
        if (!v.isEmpty()) {
            return new Decoded.Rejected(RejectReason.SCHEMA_VIOLATION, v.toString());
        }
        if (typeName == null || Violations.blank(typeName)) {
            return new Decoded.Rejected(RejectReason.SCHEMA_VIOLATION, "type: is required");
        }
        EventType type = EventType.ofWire(typeName).orElse(null);
        if (type == null) {
            return new Decoded.Rejected(
                    RejectReason.UNKNOWN_TYPE, "type: '" + abbreviate(typeName) + "' is not a known event type");
        }
        JsonNode schemaVersion = root.get("schemaversion");
        if (schemaVersion != null) {
            Long version = schemaVersion.isString()
                    ? (schemaVersion.stringValue().matches("[0-9]{1,9}")
                            ? Long.valueOf(schemaVersion.stringValue())
                            : null)
                    : RecordReader.integer(schemaVersion);
            if (version != null && version > TimelineEvent.SCHEMA_VERSION) {
                return new Decoded.Rejected(
                        RejectReason.UNSUPPORTED_SCHEMA_VERSION,
                        "schemaversion: " + version + " is newer than the supported " + TimelineEvent.SCHEMA_VERSION);
            }
            if (version == null || version != TimelineEvent.SCHEMA_VERSION) {
                v.add("schemaversion", "must be 1 (or \"1\")");
            }
        }
        String id = attribute(root, "id", v);
        String source = attribute(root, "source", v);
        String tenant = attribute(root, "tenant", v);
        if (root.get("id") == null || id != null) {
            v.required("id", id).maxLength("id", id, ID_MAX);
        }
        if (root.get("source") == null || source != null) {
            v.required("source", source).maxLength("source", source, ID_MAX);
        }
        if (root.get("tenant") == null) {
            v.add("tenant", "is required");
        } else if (tenant != null && !isTenant(tenant)) {
            v.add("tenant", "must match " + TENANT.pattern());
        }
        Instant time = time(root, now, v);
        String contentType = attribute(root, "datacontenttype", v);
        if (contentType != null && !contentType.startsWith("application/json")) {
            v.add("datacontenttype", "must be application/json");
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            v.add("data", "is required and must be an object");
            return new Decoded.Rejected(RejectReason.SCHEMA_VIOLATION, v.toString());
        }
        CustomerRef customer = customer(data, v);
        Staff staff = nested(data, "staff", Staff.class, v);
        if (staff != null) {
            v.required("data.staff.id", staff.id()).maxLength("data.staff.id", staff.id(), ID_MAX);
            v.maxLength("data.staff.name", staff.name(), Payload.NAME_MAX);
        }
        String ticketId = null;
        if (data.get("ticketId") != null) {
            ticketId = (String) RecordReader.value(data.get("ticketId"), String.class, "data.ticketId", v);
            v.maxLength("data.ticketId", ticketId, ID_MAX);
        }
        List<Attachment> attachments = attachments(data, v);
        Payload payload = RecordReader.read(data, type.payloadType(), "data", v);
        if (payload != null) {
            payload.validate(v);
            if (attachments.isEmpty() && blankMessageText(payload)) {
                v.add("data.text", "is required when there are no attachments");
            }
        }
        if (type.requiresTicket() && Violations.blank(ticketId)) {
            v.add("data.ticketId", "is required for " + type.wire());
        }
        if (type.isControl() && customer != null && customer.id() == null) {
            v.add("data.customer.id", "is required for " + type.wire());
        }
        if (type.requiresStaff() && staff == null && data.get("staff") == null) {
            v.add("data.staff", "is required for " + type.wire());
        }
        if (!v.isEmpty() || payload == null || customer == null || time == null) {
            return new Decoded.Rejected(RejectReason.SCHEMA_VIOLATION, v.toString());
        }
        return new Decoded.Accepted(new TimelineEvent(
                id, source, time, tenant, customer, staff, blankToNull(ticketId), attachments, payload));
    }

    /**
     * The instant of a timestamp that matches {@link #TIME}, read at the fixed positions that pattern guarantees: what
     * {@code OffsetDateTime.parse(text).toInstant()} gives (a day the month does not have is refused the same way), at
     * a fraction of its cost.
     */
    static Instant instant(String text) {
        LocalDate date = LocalDate.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10));
        long seconds = date.toEpochDay() * 86_400
                + digits(text, 11, 13) * 3_600L
                + digits(text, 14, 16) * 60L
                + digits(text, 17, 19);
        int at = 19;
        int nanos = 0;
        if (text.charAt(at) == '.') {
            int end = at + 1;
            while (text.charAt(end) >= '0' && text.charAt(end) <= '9') {
                end++;
            }
            nanos = digits(text, at + 1, end);
            for (int scale = end - at - 1; scale < 9; scale++) {
                nanos *= 10;
            }
            at = end;
        }
        if (text.charAt(at) != 'Z') {
            int offset = digits(text, at + 1, at + 3) * 3_600 + digits(text, at + 4, at + 6) * 60;
            seconds -= text.charAt(at) == '-' ? -offset : offset;
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** {@code TIME.matcher(text).matches()}, checked at the positions the pattern fixes (the regex is 10 % of a decode). */
    static boolean isTime(String text) {
        int n = text.length();
        if (n < 20
                || !digit(text, 0, '9')
                || !digit(text, 1, '9')
                || !digit(text, 2, '9')
                || !digit(text, 3, '9')
                || text.charAt(4) != '-'
                || !twoDigits(text, 5, 1, 12)
                || text.charAt(7) != '-'
                || !twoDigits(text, 8, 1, 31)
                || text.charAt(10) != 'T'
                || !twoDigits(text, 11, 0, 23)
                || text.charAt(13) != ':'
                || !twoDigits(text, 14, 0, 59)
                || text.charAt(16) != ':'
                || !twoDigits(text, 17, 0, 59)) {
            return false;
        }
        int at = 19;
        if (text.charAt(at) == '.') {
            int end = at + 1;
            while (end < n && digit(text, end, '9')) {
                end++;
            }
            if (end == at + 1 || end - at - 1 > 9 || end == n) {
                return false;
            }
            at = end;
        }
        char zone = text.charAt(at);
        if (zone == 'Z') {
            return at + 1 == n;
        }
        return (zone == '+' || zone == '-')
                && n == at + 6
                && text.charAt(at + 3) == ':'
                && (twoDigits(text, at + 1, 0, 17) && twoDigits(text, at + 4, 0, 59)
                        || text.startsWith("18:00", at + 1));
    }

    /** {@code TENANT.matcher(tenant).matches()}. */
    static boolean isTenant(String tenant) {
        int n = tenant.length();
        if (n == 0 || n > 64) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = tenant.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean digit(String text, int at, char max) {
        char c = text.charAt(at);
        return c >= '0' && c <= max;
    }

    /** Two ASCII digits at {@code at}, together within [min, max]. */
    private static boolean twoDigits(String text, int at, int min, int max) {
        if (!digit(text, at, '9') || !digit(text, at + 1, '9')) {
            return false;
        }
        int value = (text.charAt(at) - '0') * 10 + (text.charAt(at + 1) - '0');
        return value >= min && value <= max;
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }

    private static @Nullable Instant time(JsonNode root, Instant now, Violations v) {
        JsonNode node = root.get("time");
        if (node == null) {
            v.add("time", "is required");
            return null;
        }
        if (!node.isString()) {
            v.add("time", "must be a string, not " + RecordReader.jsonType(node));
            return null;
        }
        Instant time;
        try {
            if (!isTime(node.stringValue())) {
                throw new DateTimeParseException("not RFC 3339", node.stringValue(), 0);
            }
            time = instant(node.stringValue());
        } catch (DateTimeException e) {
            v.add("time", "must be an RFC 3339 timestamp with an offset, e.g. 2026-11-20T09:15:00+07:00");
            return null;
        }
        if (time.isAfter(now.plus(MAX_FUTURE_HOURS, ChronoUnit.HOURS))) {
            v.add("time", "is more than " + MAX_FUTURE_HOURS + " hours in the future");
        }
        return time;
    }

    private static <T> @Nullable T nested(JsonNode data, String field, Class<T> type, Violations v) {
        JsonNode node = data.get(field);
        return node == null ? null : type.cast(RecordReader.value(node, type, "data." + field, v));
    }

    /** {@code data.customer}: an id, an identity, or both (the id wins); a blank id counts as none. */
    private static @Nullable CustomerRef customer(JsonNode data, Violations v) {
        JsonNode node = data.get("customer");
        if (node == null) {
            v.add("data.customer", "is required");
            return null;
        }
        CustomerRef read = nested(data, "customer", CustomerRef.class, v);
        if (read == null) {
            return null;
        }
        v.maxLength("data.customer.id", read.id(), ID_MAX);
        Identity identity = read.identity();
        if (identity != null) {
            v.required("data.customer.identity.kind", identity.kind());
            v.required("data.customer.identity.value", identity.value());
            v.maxLength("data.customer.identity.value", identity.value(), ID_MAX);
        }
        boolean hasId = !Violations.blank(read.id());
        if (!hasId && identity == null) {
            v.add("data.customer", "needs an id or an identity");
        }
        return hasId ? read : new CustomerRef(null, identity);
    }

    private static List<Attachment> attachments(JsonNode data, Violations v) {
        JsonNode node = data.get("attachments");
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            v.add("data.attachments", "must be an array, not " + RecordReader.jsonType(node));
            return List.of();
        }
        List<Attachment> read = new java.util.ArrayList<>(node.size());
        int before = v.size();
        for (int i = 0; i < node.size(); i++) {
            String at = "data.attachments[" + i + "]";
            Attachment attachment = (Attachment) RecordReader.value(node.get(i), Attachment.class, at, v);
            if (attachment != null) {
                v.required(at + ".name", attachment.name())
                        .maxLength(at + ".name", attachment.name(), Payload.NAME_MAX);
                v.required(at + ".url", attachment.url()).maxLength(at + ".url", attachment.url(), Payload.NAME_MAX);
                v.maxLength(at + ".contentType", attachment.contentType(), Payload.NAME_MAX);
                v.notNegative(at + ".sizeBytes", attachment.sizeBytes());
                read.add(attachment);
            }
        }
        return v.size() == before ? List.copyOf(read) : List.of();
    }

    static boolean blankMessageText(Payload payload) {
        String text;
        if (payload instanceof MessageReceived m) {
            text = m.text();
        } else if (payload instanceof MessageSent m) {
            text = m.text();
        } else {
            return false;
        }
        return Violations.blank(text);
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

    static @Nullable String blankToNull(@Nullable String s) {
        return Violations.blank(s) ? null : s;
    }

    private static String quoted(@Nullable String s) {
        return s == null ? "missing" : "'" + abbreviate(s) + "'";
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
