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
 * character. Here each consumer thread encodes into a buffer of its own, reused, ASCII field names copied as they are
 * (a look-up of their encoded form in a shared map cost more than that: 8 % of the listener's samples); strings
 * are encoded as the JDK's UTF-8 encoder does (an unpaired surrogate becomes {@code ?}, where the driver would write
 * its bytes as they are: not valid UTF-8, which MongoDB refuses). A value normalization never makes
 * (anything but strings, numbers, booleans, dates, null, nested documents and lists) sends the whole document to the
 * standard codec.
 */
final class RawDocuments {
    private static final String ID = "_id";
    private static final DocumentCodec STANDARD = new DocumentCodec(MongoClientSettings.getDefaultCodecRegistry());

    private static final int KEPT_BUFFER_MAX = 1 << 20;
    /** Each consumer thread's encoder: its buffer is reused from one document to the next. */
    private static final ThreadLocal<RawDocuments> ENCODERS = ThreadLocal.withInitial(RawDocuments::new);

    private byte[] buffer = new byte[4096];
    private int length;

    private RawDocuments() {}

    static RawBsonDocument of(Document document) {
        RawDocuments out = ENCODERS.get();
        out.length = 0;
        try {
            out.document(document, document.containsKey(ID));
            return new RawBsonDocument(Arrays.copyOf(out.buffer, out.length));
        } catch (Unsupported e) {
            return new RawBsonDocument(document, STANDARD);
        } finally {
            if (out.buffer.length > KEPT_BUFFER_MAX) {
                ENCODERS.remove();
            }
        }
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
            int start = length;
            int32(0);
            utf8(s);
            byte0(0);
            setInt32(start, length - start - 4);
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

    /** The element's type and name; a name is written as it is when it is ASCII (field names are), else encoded. */
    private void header(int type, String name) {
        int n = name.length();
        ensure(n + 2);
        byte[] b = buffer;
        int at = length;
        b[at++] = (byte) type;
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (c == 0 || c >= 0x80) {
                length++;
                bytes(cstring(name));
                return;
            }
            b[at++] = (byte) c;
        }
        b[at++] = 0;
        length = at;
    }

    private static byte[] cstring(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        for (byte b : utf8) {
            if (b == 0) {
                throw new IllegalArgumentException("a field name holds a NUL character: " + name);
            }
        }
        return Arrays.copyOf(utf8, utf8.length + 1);
    }

    /** UTF-8 as {@code String.getBytes(UTF_8)} makes it (an unpaired surrogate becomes '?'), into the buffer. */
    private void utf8(String s) {
        int n = s.length();
        ensure(n * 3);
        byte[] b = buffer;
        int at = length;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b[at++] = (byte) c;
            } else if (c < 0x800) {
                b[at++] = (byte) (0xC0 | c >> 6);
                b[at++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[at++] = (byte) (0xF0 | cp >> 18);
                b[at++] = (byte) (0x80 | cp >> 12 & 0x3F);
                b[at++] = (byte) (0x80 | cp >> 6 & 0x3F);
                b[at++] = (byte) (0x80 | cp & 0x3F);
            } else if (Character.isSurrogate(c)) {
                b[at++] = '?';
            } else {
                b[at++] = (byte) (0xE0 | c >> 12);
                b[at++] = (byte) (0x80 | c >> 6 & 0x3F);
                b[at++] = (byte) (0x80 | c & 0x3F);
            }
        }
        length = at;
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
