package dev.timeline.events.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timeline.events.RandomText;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SummariesTest {
    private static final String ALPHABET = "ab ạ\t\n\r\u000b\f  \u00a0\u2028😀.";

    @Test
    void putsTextOnOneLineAsTheRegexDefinitionDoes() {
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            String s = RandomText.of(random, ALPHABET, 30);
            assertThat(Summaries.oneLine(s)).as("[%s]", s).isEqualTo(s.replaceAll("\\s+", " "));
        }
    }

    @Test
    void derivesTheSummaryOnlyWhereItIsTheContentAbbreviated() {
        String longText = "Chào shop ".repeat(30);
        assertThat(Summaries.abbreviate(longText)).hasSize(Summaries.MAX).endsWith("…");
        assertThat(Summaries.derivable(Summaries.abbreviate(longText), longText))
                .isTrue();
        assertThat(Summaries.derivable("Đơn hàng #1024", longText)).isFalse();
        assertThat(Summaries.derivable(null, longText)).isFalse();
        assertThat(Summaries.of(null, longText)).isEqualTo(Summaries.abbreviate(longText));
        assertThat(Summaries.of("Đơn hàng #1024", longText)).isEqualTo("Đơn hàng #1024");
        assertThat(Summaries.of(null, " \n")).isNull();
        assertThat(Summaries.of(null, null)).isNull();
    }
}
