package dev.timeline.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CursorCodecTest {
    private final CursorCodec codec = new CursorCodec("a-secret-of-enough-length".getBytes(StandardCharsets.UTF_8));
    private final Cursor cursor = new Cursor(Instant.parse("2026-11-20T02:15:00.123Z"), "Xb3kQ9mPa1B2c3D4e5F6g7");

    @Test
    void roundTrips() {
        assertThat(codec.decode(codec.encode(cursor, "acme|cus-1|"), "acme|cus-1|"))
                .isEqualTo(cursor);
    }

    @Test
    void refusesTamperedTruncatedForeignAndGarbageCursors() {
        String token = codec.encode(cursor, "acme|cus-1|");
        byte[] bytes = Base64.getUrlDecoder().decode(token);
        bytes[3] ^= 1;
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);

        for (String bad :
                new String[] {tampered, token.substring(0, token.length() - 4), "not a cursor", "", "{\"$gt\":1}"}) {
            assertThatThrownBy(() -> codec.decode(bad, "acme|cus-1|"))
                    .isInstanceOf(InvalidParameterException.class)
                    .extracting(e -> ((InvalidParameterException) e).parameter())
                    .isEqualTo("cursor");
        }
        assertThatThrownBy(() -> codec.decode(token, "globex|cus-1|")).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> codec.decode(token, "acme|cus-1|channel=zalo"))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> new CursorCodec(new byte[8])).isInstanceOf(IllegalArgumentException.class);
    }
}
