package dev.timeline.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterParserTest {
    private static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");

    private static TimelineFilter parse(Map<String, List<String>> params) {
        return FilterParser.parse(params, Set.of("limit", "cursor"), HCM);
    }

    @Test
    void combinesEveryFilterAndAcceptsRepeatedOrCommaSeparatedValues() {
        TimelineFilter filter = parse(Map.of(
                "q", List.of("  Cuộc GỌI nhỡ "),
                "type", List.of("call.missed,call.ended"),
                "excludeType", List.of("crm.stage-changed"),
                "source", List.of("zalo-oa/4312"),
                "excludeSource", List.of("crm/core"),
                "channel", List.of("zalo", "phone"),
                "direction", List.of("inbound"),
                "staff", List.of("agent-01"),
                "from", List.of("2026-11-01"),
                "to", List.of("2026-11-30T23:59:59+07:00")));

        assertThat(filter.words()).containsExactly("cuoc", "goi", "nho");
        assertThat(filter.types()).containsExactlyInAnyOrder("call.missed", "call.ended");
        assertThat(filter.excludedTypes()).containsExactly("crm.stage-changed");
        assertThat(filter.channels()).containsExactlyInAnyOrder("zalo", "phone");
        assertThat(filter.from()).isEqualTo(Instant.parse("2026-10-31T17:00:00Z"));
        assertThat(filter.to()).isEqualTo(Instant.parse("2026-11-30T16:59:59Z"));
    }

    @Test
    void aDateAloneForToMeansTheWholeDayInTheTenantsZone() {
        assertThat(parse(Map.of("to", List.of("2026-11-30"))).to())
                .isEqualTo(Instant.parse("2026-11-30T16:59:59.999Z"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "type|call.teleported|'call.teleported' is not one of",
                "excludeType|sms|'sms' is not one of",
                "channel|zalo,fax|'fax' is not one of",
                "direction|sideways|'sideways' is not one of",
                "from|yesterday|must be a date",
                "to|2026-13-01|must be a date",
                "chanel|zalo|unknown parameter",
                "$where|1|unknown parameter",
            })
    void refusesUnknownValuesNamingTheParameter(String name, String value, String message) {
        assertThatThrownBy(() -> parse(Map.of(name, List.of(value))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((InvalidParameterException) e).parameter())
                .isEqualTo(name);
    }

    @Test
    void refusesAnInvertedRangeAndOversizedSearches() {
        assertThatThrownBy(() -> parse(Map.of("from", List.of("2026-12-01"), "to", List.of("2026-11-01"))))
                .hasMessage("must not be after 'to'");
        assertThatThrownBy(() -> parse(Map.of("q", List.of("a".repeat(101))))).hasMessageContaining("longer than 100");
        assertThatThrownBy(() -> parse(Map.of("q", List.of("a b c d e f g h i"))))
                .hasMessageContaining("more than 8 words");
        assertThatThrownBy(() -> parse(Map.of("q", List.of("a", "b")))).hasMessage("must be given once");
        assertThatThrownBy(() -> parse(Map.of("source", List.of("x".repeat(201)))))
                .hasMessageContaining("at most 200");
    }

    @Test
    void readsBoundedIntegers() {
        assertThat(FilterParser.intParameter(Map.of(), "limit", 50, 1, 200)).isEqualTo(50);
        assertThat(FilterParser.intParameter(Map.of("limit", List.of("200")), "limit", 50, 1, 200))
                .isEqualTo(200);
        assertThatThrownBy(() -> FilterParser.intParameter(Map.of("limit", List.of("201")), "limit", 50, 1, 200))
                .hasMessage("must be between 1 and 200, was 201");
        assertThatThrownBy(() -> FilterParser.intParameter(Map.of("limit", List.of("ten")), "limit", 50, 1, 200))
                .hasMessage("must be a whole number between 1 and 200");
    }

    @Test
    void fingerprintIgnoresValueOrderButNotValues() {
        var a = parse(Map.of("channel", List.of("zalo,phone")));
        var b = parse(Map.of("channel", List.of("phone", "zalo")));
        var c = parse(Map.of("channel", List.of("phone")));

        assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).isNotEqualTo(c.fingerprint());
    }
}
