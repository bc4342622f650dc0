package dev.timeline.events.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChangeCodecTest {

    @ParameterizedTest
    @EnumSource(Change.Type.class)
    void roundTripsEveryType(Change.Type type) {
        Change change = new Change(type, "acme", List.of("cus-1", "anon:zalo:4088"), "e-1", "T-1", 1_733_000_000_123L);

        assertThat(ChangeCodec.decode(ChangeCodec.encode(change))).isEqualTo(change);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"type\":\"new\",\"tenant\":\"acme\",\"keys\":[\"cus-1\"],\"entryId\":\"e\",\"writtenAt\":5,"
                        + "\"addedLater\":{\"x\":[1,2]}}",
                "{\"addedLater\":[{\"a\":1}],\"type\":\"new\",\"tenant\":\"acme\",\"keys\":[\"cus-1\"],\"entryId\":\"e\","
                        + "\"writtenAt\":5}"
            })
    void skipsFieldsANewerIngestAdds(String json) {
        Change change = ChangeCodec.decode(json.getBytes(StandardCharsets.UTF_8));

        assertThat(change).isEqualTo(new Change(Change.Type.NEW, "acme", List.of("cus-1"), "e", null, 5));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[]",
                "{\"type\":\"new\",\"keys\":[\"cus-1\"]}",
                "{\"type\":\"teleported\",\"tenant\":\"acme\",\"keys\":[\"cus-1\"]}",
                "{\"type\":\"new\",\"tenant\":\"acme\",\"keys\":[]}",
                "{\"type\":\"new\",\"tenant\":\"acme\",\"keys\":\"cus-1\"}",
                "{\"type\":"
            })
    void refusesWhatIsNotAChange(String json) {
        assertThatThrownBy(() -> ChangeCodec.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
