package dev.timeline.api.chart;

import static dev.timeline.events.store.TimelineFields.*;

import org.bson.BsonReader;
import org.bson.BsonType;
import org.bson.BsonWriter;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The part of an entry the chart reads (its time, channel and kind, or a score change's total), decoded straight from the reply's BSON: a chart of a big customer reads every
 * entry, and building a {@code Document} (a map and a boxed value per field) for each cost more than the bucketing.
 */
record ChartRow(
        long occurredAt,
        @Nullable String channel,
        @Nullable String kind,
        @Nullable Long total) {
    static final CodecRegistry CODEC = CodecRegistries.fromCodecs(new RowCodec());

    private static final class RowCodec implements Codec<ChartRow> {
        @Override
        public ChartRow decode(BsonReader reader, DecoderContext context) {
            long occurredAt = Long.MIN_VALUE;
            String channel = null;
            String kind = null;
            Long total = null;
            reader.readStartDocument();
            while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
                String name = reader.readName();
                BsonType bsonType = reader.getCurrentBsonType();
                if (name.equals(OCCURRED_AT) && bsonType == BsonType.DATE_TIME) {
                    occurredAt = reader.readDateTime();
                } else if (bsonType == BsonType.STRING && name.equals(CHANNEL)) {
                    channel = reader.readString();
                } else if (bsonType == BsonType.STRING && name.equals(KIND)) {
                    kind = reader.readString();
                } else if (bsonType == BsonType.DOCUMENT && name.equals(DETAIL)) {
                    total = total(reader);
                } else {
                    reader.skipValue();
                }
            }
            reader.readEndDocument();
            return new ChartRow(occurredAt, channel, kind, total);
        }

        /** {@code detail.total} when it is a number, as {@code Number.longValue()} reads it. */
        private static @Nullable Long total(BsonReader reader) {
            Long total = null;
            reader.readStartDocument();
            while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
                boolean named = reader.readName().equals("total");
                switch (named ? reader.getCurrentBsonType() : BsonType.UNDEFINED) {
                    case INT32 -> total = (long) reader.readInt32();
                    case INT64 -> total = reader.readInt64();
                    case DOUBLE -> total = (long) reader.readDouble();
                    case DECIMAL128 ->
                        total = reader.readDecimal128().bigDecimalValue().longValue();
                    default -> reader.skipValue();
                }
            }
            reader.readEndDocument();
            return total;
        }

        @Override
        public void encode(BsonWriter writer, ChartRow value, EncoderContext context) {
            throw new UnsupportedOperationException("chart rows are only read");
        }

        @Override
        public Class<ChartRow> getEncoderClass() {
            return ChartRow.class;
        }
    }
}
