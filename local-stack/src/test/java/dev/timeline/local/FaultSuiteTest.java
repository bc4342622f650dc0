package dev.timeline.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fault suite, small: a few thousand events with poison through the local stack while its ingest service or its
 * store is killed with SIGKILL. Every valid event is stored exactly once and every poison record is dead-lettered.
 * The full run ({@code java -jar local-stack/target/local-stack.jar fault-suite}) adds the broker, the whole stack and
 * two ingest instances, at 100,000 events.
 */
class FaultSuiteTest {
    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"ingest-kill", "store-kill"})
    void nothingLostNothingDoubledEveryPoisonDeadLettered(String kind) throws Exception {
        FaultSuite suite = new FaultSuite(Path.of("..").toAbsolutePath().normalize(), work, 3000, 300);

        FaultSuite.Result result = suite.run(kind);

        assertThat(result.events()).isEqualTo(3000);
        assertThat(result.poison()).isPositive();
        assertThat(result.lost()).as("lost").isZero();
        assertThat(result.doubled()).as("doubled").isZero();
        assertThat(result.poisonMissing())
                .as("poison records without a dead letter")
                .isZero();
    }
}
