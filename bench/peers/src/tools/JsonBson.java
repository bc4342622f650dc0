import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.bson.BsonBinaryWriter;
import org.bson.RawBsonDocument;
import org.bson.io.BasicOutputBuffer;

/**
 * Contender B's conversion: JSON bytes streamed by Jackson straight into BSON bytes (a RawBsonDocument), no tree.
 * The top-level string field {@code idField} is also written as {@code _id}, just before it.
 * Integers that fit stay int32, others int64; fractions are doubles.
 */
public final class JsonBson {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonBson() {}

    public static RawBsonDocument convert(byte[] json, String idField) {
        try (JsonParser p = JSON.createParser(json)) {
            BasicOutputBuffer out = new BasicOutputBuffer(json.length + 64);
            try (BsonBinaryWriter w = new BsonBinaryWriter(out)) {
                if (p.nextToken() != JsonToken.START_OBJECT) throw new IllegalArgumentException("not a JSON object");
                w.writeStartDocument();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken t = p.nextToken();
                    if (t == JsonToken.VALUE_STRING && name.equals(idField)) w.writeString("_id", p.getText());
                    w.writeName(name);
                    value(t, p, w);
                }
                w.writeEndDocument();
            }
            return new RawBsonDocument(out.getInternalBuffer(), 0, out.getPosition());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void value(JsonToken t, JsonParser p, BsonBinaryWriter w) throws IOException {
        switch (t) {
            case VALUE_STRING -> w.writeString(p.getText());
            case VALUE_NUMBER_INT -> {
                if (p.getNumberType() == JsonParser.NumberType.INT) w.writeInt32(p.getIntValue());
                else w.writeInt64(p.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> w.writeDouble(p.getDoubleValue());
            case VALUE_TRUE -> w.writeBoolean(true);
            case VALUE_FALSE -> w.writeBoolean(false);
            case VALUE_NULL -> w.writeNull();
            case START_OBJECT -> {
                w.writeStartDocument();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    w.writeName(p.currentName());
                    value(p.nextToken(), p, w);
                }
                w.writeEndDocument();
            }
            case START_ARRAY -> {
                w.writeStartArray();
                for (JsonToken e; (e = p.nextToken()) != JsonToken.END_ARRAY; ) value(e, p, w);
                w.writeEndArray();
            }
            default -> throw new IllegalArgumentException("unexpected " + t);
        }
    }
}
