package dev.timeline.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's examples are what connector authors copy: each must be accepted, and together cover every kind. */
class ReadmeExamplesTest {
    private static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");

    @Test
    void everyExampleIsAcceptedAndTogetherTheyCoverEveryKind() throws Exception {
        List<String> examples = ReadmeExamples.in(Path.of("..", "README.md"));
        EventCodec codec = new EventCodec();

        List<Kind> kinds = new ArrayList<>();
        for (String example : examples) {
            Decoded decoded = codec.decode(example.getBytes(StandardCharsets.UTF_8), NOW);
            assertThat(decoded).as(example).isInstanceOf(Decoded.Accepted.class);
            kinds.add(((Decoded.Accepted) decoded).event().type().kind());
            assertThat(JsonSchemaTest.validate(example)).as(example).isEmpty();
        }
        assertThat(new java.util.HashSet<>(kinds)).containsExactlyInAnyOrder(Kind.values());
    }
}
