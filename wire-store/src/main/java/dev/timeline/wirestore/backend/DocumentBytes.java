package dev.timeline.wirestore.backend;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Documents as the log stores them (BSON) and back, whole or only some top-level fields: a query that filters on two
 * fields of a 1 KB document decodes those two and skips the rest by their lengths, which is what keeps a scan of a
 * customer's 100,000 entries cheap.
 */
final class DocumentBytes {
    private DocumentBytes() {}

    static byte[] encode(Document document) {
        ByteBuf buffer = Unpooled.buffer(512);
        try {
            BsonEncoder.encodeDocument(document, buffer);
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            return bytes;
        } finally {
            buffer.release();
        }
    }

    static Document decode(byte[] bson) {
        ByteBuf buffer = Unpooled.wrappedBuffer(bson);
        return BsonDecoder.decodeBson(buffer);
    }

    /**
     * The top-level fields of {@code bson} named in {@code wanted} (all of them if null), less those in
     * {@code unwanted}, in stored order.
     */
    static Document decode(byte[] bson, @Nullable Set<String> wanted, Set<String> unwanted) {
        if (wanted == null && unwanted.isEmpty()) {
            return decode(bson);
        }
        return decode(bson, 0, bson.length, wanted, unwanted);
    }

    static Document decode(byte[] bson, int offset, int length, @Nullable Set<String> wanted, Set<String> unwanted) {
        ByteBuf buffer = Unpooled.wrappedBuffer(bson, offset, length);
        if (wanted == null && unwanted.isEmpty()) {
            return BsonDecoder.decodeBson(buffer);
        }
        Document document = new Document();
        int end = buffer.readIntLE() - 1;
        while (buffer.readerIndex() < end) {
            byte type = buffer.readByte();
            String name = cString(buffer);
            if ((wanted == null || wanted.contains(name)) && !unwanted.contains(name)) {
                document.put(name, BsonDecoder.decodeValue(type, buffer));
                if (wanted != null && document.size() == wanted.size()) {
                    break;
                }
            } else {
                skip(type, buffer);
            }
        }
        return document;
    }

    private static String cString(ByteBuf buffer) {
        int start = buffer.readerIndex();
        int nul = buffer.indexOf(start, buffer.writerIndex(), (byte) 0);
        String name = buffer.toString(start, nul - start, StandardCharsets.UTF_8);
        buffer.readerIndex(nul + 1);
        return name;
    }

    private static void skip(byte type, ByteBuf buffer) {
        switch (type) {
            case 0x01, 0x09, 0x11, 0x12 -> buffer.skipBytes(8); // double, date, timestamp, int64
            case 0x02, 0x0D, 0x0E -> buffer.skipBytes(buffer.readIntLE()); // string, code, symbol
            case 0x03, 0x04, 0x0F -> buffer.skipBytes(buffer.readIntLE() - 4); // document, array, code with scope
            case 0x05 -> buffer.skipBytes(buffer.readIntLE() + 1); // binary: length, subtype, bytes
            case 0x06, 0x0A, (byte) 0xFF, 0x7F -> {} // undefined, null, min key, max key
            case 0x07 -> buffer.skipBytes(12); // ObjectId
            case 0x08 -> buffer.skipBytes(1); // boolean
            case 0x0B -> { // regex: pattern and options
                cString(buffer);
                cString(buffer);
            }
            case 0x0C -> buffer.skipBytes(buffer.readIntLE() + 12); // DBPointer
            case 0x10 -> buffer.skipBytes(4); // int32
            case 0x13 -> buffer.skipBytes(16); // decimal128
            default -> throw new IllegalStateException("unknown BSON type " + type);
        }
    }
}
