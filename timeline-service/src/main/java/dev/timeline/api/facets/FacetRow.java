package dev.timeline.api.facets;

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

/** The part of an entry the facets count, decoded straight from the reply's BSON (as the chart's rows are). */
record FacetRow(
        @Nullable String type,
        @Nullable String channel,
        @Nullable String source,
        @Nullable String direction,
        @Nullable String staffId) {
    static final CodecRegistry CODEC = CodecRegistries.fromCodecs(new RowCodec());

    private static final class RowCodec implements Codec<FacetRow> {
        @Override
        public FacetRow decode(BsonReader reader, DecoderContext context) {
            String type = null;
            String channel = null;
            String source = null;
            String direction = null;
            String staffId = null;
            reader.readStartDocument();
            while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
                String name = reader.readName();
                BsonType bsonType = reader.getCurrentBsonType();
                if (bsonType == BsonType.DOCUMENT && name.equals(STAFF)) {
                    staffId = staffId(reader);
                } else if (bsonType != BsonType.STRING) {
                    reader.skipValue();
                } else {
                    switch (name) {
                        case TYPE -> type = reader.readString();
                        case CHANNEL -> channel = reader.readString();
                        case SOURCE -> source = reader.readString();
                        case DIRECTION -> direction = reader.readString();
                        default -> reader.skipValue();
                    }
                }
            }
            reader.readEndDocument();
            return new FacetRow(type, channel, source, direction, staffId);
        }

        private static @Nullable String staffId(BsonReader reader) {
            String id = null;
            reader.readStartDocument();
            while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
                if (reader.readName().equals("id") && reader.getCurrentBsonType() == BsonType.STRING) {
                    id = reader.readString();
                } else {
                    reader.skipValue();
                }
            }
            reader.readEndDocument();
            return id;
        }

        @Override
        public void encode(BsonWriter writer, FacetRow value, EncoderContext context) {
            throw new UnsupportedOperationException("facet rows are only read");
        }

        @Override
        public Class<FacetRow> getEncoderClass() {
            return FacetRow.class;
        }
    }
}
