package dev.timeline.ingest.write;

import com.mongodb.MongoClientSettings;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;

/**
 * Encodes the documents ingest writes into BSON bytes in one pass, giving what the driver's {@link DocumentCodec}
 * gives (the {@code _id} first, then the fields in order), so that the bulk write only copies them. The profile of the
 * ingest benchmark found the standard encoding at a third of the listener's time: a codec look-up, a child registry
 * and a cycle check per value and per nested document, and strings written to the wire buffer character by
 * character. Here a string is encoded by the JDK's UTF-8 encoder (an unpaired surrogate becomes {@code ?}, where the
 * driver would write its bytes as they are: not valid UTF-8, which MongoDB refuses). A value normalization never makes
 * (anything but strings, numbers, booleans, dates, null, nested documents and lists) sends the whole document to the
 * standard codec.
 */
final class RawDocuments {
    private static final String ID = "_id";
    private static final DocumentCodec STANDARD = new DocumentCodec(MongoClientSettings.getDefaultCodecRegistry());

    private byte[] buffer = new byte[1024];
    private int length;

    private RawDocuments() {}

    static RawBsonDocument of(Document document) {
        RawDocuments out = new RawDocuments();
        try {
            out.document(document, document.containsKey(ID));
        } catch (Unsupported e) {
            return new RawBsonDocument(document, STANDARD);
        }
        return new RawBsonDocument(out.buffer, 0, out.length);
    }

    /** A value this encoder leaves to the standard codec. */
    private static final class Unsupported extends RuntimeException {
        Unsupported() {
            super(null, null, false, false);
        }
    }

    private void document(Map<?, ?> document, boolean idFirst) {
        int start = length;
        int32(0);
        if (idFirst) {
            element(ID, document.get(ID));
        }
        for (Map.Entry<?, ?> field : document.entrySet()) {
            String name = field.getKey().toString();
            if (idFirst && name.equals(ID)) {
                continue;
            }
            element(name, field.getValue());
        }
        byte0(0);
        setInt32(start, length - start);
    }

    private void element(String name, Object value) {
        if (value instanceof String s) {
            header(0x02, name);
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            int32(utf8.length + 1);
            bytes(utf8);
            byte0(0);
        } else if (value instanceof Date d) {
            header(0x09, name);
            int64(d.getTime());
        } else if (value instanceof Map<?, ?> map && !(value instanceof BsonValue)) {
            header(0x03, name);
            document(map, false);
        } else if (value instanceof List<?> list) {
            header(0x04, name);
            int start = length;
            int32(0);
            for (int i = 0; i < list.size(); i++) {
                element(Integer.toString(i), list.get(i));
            }
            byte0(0);
            setInt32(start, length - start);
        } else if (value instanceof Integer i) {
            header(0x10, name);
            int32(i);
        } else if (value instanceof Long l) {
            header(0x12, name);
            int64(l);
        } else if (value instanceof Double d) {
            header(0x01, name);
            int64(Double.doubleToRawLongBits(d));
        } else if (value instanceof Boolean b) {
            header(0x08, name);
            byte0(b ? 1 : 0);
        } else if (value == null) {
            header(0x0A, name);
        } else {
            throw new Unsupported();
        }
    }

    private void header(int type, String name) {
        byte0(type);
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        for (byte b : utf8) {
            if (b == 0) {
                throw new IllegalArgumentException("a field name holds a NUL character: " + name);
            }
        }
        bytes(utf8);
        byte0(0);
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }

    private void byte0(int b) {
        ensure(1);
        buffer[length++] = (byte) b;
    }

    private void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buffer, length, b.length);
        length += b.length;
    }

    private void int32(int v) {
        ensure(4);
        setInt32(length, v);
        length += 4;
    }

    private void setInt32(int at, int v) {
        buffer[at] = (byte) v;
        buffer[at + 1] = (byte) (v >>> 8);
        buffer[at + 2] = (byte) (v >>> 16);
        buffer[at + 3] = (byte) (v >>> 24);
    }

    private void int64(long v) {
        int32((int) v);
        int32((int) (v >>> 32));
    }
}
