package dev.timeline.events.changes;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * A {@link Change} as the JSON of a {@code timeline.changes} record:
 * {@code {"type":"new","tenant":"acme","keys":["cus-1"],"entryId":"…","ticketId":"T-1","writtenAt":1733…}}. Fields
 * this version does not know are skipped, so a newer ingest can add some.
 */
public final class ChangeCodec {
    private static final JsonFactory JSON = new JsonFactory();

    private ChangeCodec() {}

    public static byte[] encode(Change change) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
            json.writeStartObject();
            json.writeStringProperty("type", change.type().wire());
            json.writeStringProperty("tenant", change.tenant());
            json.writeName("keys");
            json.writeStartArray();
            for (String key : change.keys()) {
                json.writeString(key);
            }
            json.writeEndArray();
            if (change.entryId() != null) {
                json.writeStringProperty("entryId", change.entryId());
            }
            if (change.ticketId() != null) {
                json.writeStringProperty("ticketId", change.ticketId());
            }
            json.writeNumberProperty("writtenAt", change.writtenAt());
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a change */
    public static Change decode(byte[] bytes) {
        String type = null;
        String tenant = null;
        String entryId = null;
        String ticketId = null;
        long writtenAt = 0;
        List<String> keys = new ArrayList<>(2);
        try (JsonParser json = JSON.createParser(ObjectReadContext.empty(), bytes)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("a change is a JSON object");
            }
            while (json.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                switch (name) {
                    case "type" -> type = json.getString();
                    case "tenant" -> tenant = json.getString();
                    case "entryId" -> entryId = json.getString();
                    case "ticketId" -> ticketId = json.getString();
                    case "writtenAt" -> writtenAt = json.getLongValue();
                    case "keys" -> {
                        if (value != JsonToken.START_ARRAY) {
                            throw new IllegalArgumentException("keys: an array of strings");
                        }
                        while (json.nextToken() == JsonToken.VALUE_STRING) {
                            keys.add(json.getString());
                        }
                    }
                    default -> json.skipChildren();
                }
            }
        } catch (tools.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("not a change: " + e.getOriginalMessage(), e);
        }
        if (type == null || tenant == null) {
            throw new IllegalArgumentException("a change needs a type and a tenant");
        }
        return new Change(Change.Type.fromWire(type), tenant, keys, entryId, ticketId, writtenAt);
    }
}
