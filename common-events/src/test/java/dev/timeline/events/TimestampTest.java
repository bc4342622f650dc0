package dev.timeline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The codec's own timestamp reader gives what {@code OffsetDateTime.parse} gives, on everything the pattern lets in. */
class TimestampTest {

    @Test
    void readsOffsetsAndFractions() {
        assertThat(EventCodec.instant("2026-11-20T09:15:00+07:00")).isEqualTo(Instant.parse("2026-11-20T02:15:00Z"));
        assertThat(EventCodec.instant("2026-11-20T09:15:00.5-03:30"))
                .isEqualTo(Instant.parse("2026-11-20T12:45:00.5Z"));
        assertThat(EventCodec.instant("1969-12-31T23:59:59.123456789Z"))
                .isEqualTo(Instant.ofEpochSecond(-1, 123_456_789));
    }

    @Test
    void refusesADayTheMonthDoesNotHave() {
        assertThatThrownBy(() -> EventCodec.instant("2026-02-29T00:00:00Z")).isInstanceOf(DateTimeException.class);
        assertThat(EventCodec.instant("2028-02-29T00:00:00Z")).isEqualTo(Instant.parse("2028-02-29T00:00:00Z"));
    }

    @Test
    void agreesWithTheJdkOnRandomTimestampsThePatternAccepts() {
        Random random = new Random(11);
        int compared = 0;
        for (int i = 0; i < 50_000; i++) {
            String text = randomTimestamp(random);
            if (!EventCodec.TIME.matcher(text).matches()) {
                continue;
            }
            compared++;
            Instant expected;
            try {
                expected = OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeException e) {
                assertThatThrownBy(() -> EventCodec.instant(text)).as(text).isInstanceOf(DateTimeException.class);
                continue;
            }
            assertThat(EventCodec.instant(text)).as(text).isEqualTo(expected);
        }
        assertThat(compared).isGreaterThan(40_000);
    }

    @Test
    void handCheckedFormatsAgreeWithTheSchemasPatterns() {
        Random random = new Random(12);
        String alphabet = "0123456789-:.TZ+tz _aA\u0660";
        int[] times = new int[2];
        int[] tenants = new int[2];
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder(randomTimestamp(random));
            for (int edits = random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(text.length() + 1);
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> text.insert(at, c);
                    case 1 -> text.deleteCharAt(Math.min(at, text.length() - 1));
                    default -> text.setCharAt(Math.min(at, text.length() - 1), c);
                }
            }
            String time = text.toString();
            boolean matches = EventCodec.TIME.matcher(time).matches();
            assertThat(EventCodec.isTime(time)).as(time).isEqualTo(matches);
            times[matches ? 1 : 0]++;

            StringBuilder tenant = new StringBuilder(RandomText.of(random, "abz09._-", 1 + random.nextInt(70)));
            if (!tenant.isEmpty() && random.nextInt(4) == 0) {
                tenant.setCharAt(random.nextInt(tenant.length()), random.nextBoolean() ? 'A' : '\u00e1');
            }
            boolean valid = EventCodec.TENANT.matcher(tenant).matches();
            assertThat(EventCodec.isTenant(tenant.toString()))
                    .as(tenant.toString())
                    .isEqualTo(valid);
            tenants[valid ? 1 : 0]++;
        }
        assertThat(Math.min(times[0], times[1]))
                .as("matching and not matching times")
                .isGreaterThan(20_000);
        assertThat(Math.min(tenants[0], tenants[1]))
                .as("valid and invalid tenants")
                .isGreaterThan(20_000);
    }

    private static String randomTimestamp(Random random) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(
                "%04d-%02d-%02dT%02d:%02d:%02d",
                random.nextInt(10_000),
                1 + random.nextInt(12),
                1 + random.nextInt(31),
                random.nextInt(24),
                random.nextInt(60),
                random.nextInt(60)));
        if (random.nextBoolean()) {
            text.append('.');
            int digits = 1 + random.nextInt(9);
            for (int d = 0; d < digits; d++) {
                text.append((char) ('0' + random.nextInt(10)));
            }
        }
        if (random.nextInt(4) == 0) {
            text.append('Z');
        } else {
            int hours = random.nextInt(19);
            int minutes = hours == 18 ? 0 : random.nextInt(60);
            text.append(random.nextBoolean() ? '+' : '-').append(String.format("%02d:%02d", hours, minutes));
        }
        return text.toString();
    }
}
