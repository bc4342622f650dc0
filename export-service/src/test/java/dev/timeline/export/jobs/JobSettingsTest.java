package dev.timeline.export.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobSettingsTest {
    @Test
    void aHeartbeatTooSlowForTheStalenessLimitIsRefusedAtStartUp() {
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () -> new JobSettings(Duration.ofHours(24), Duration.ofSeconds(5), Duration.ofSeconds(30), 3))
                .withMessageContaining("heartbeat-every (PT30S) must be at most a third of stale-after (PT5S)");
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () -> new JobSettings(Duration.ofHours(24), Duration.ofMinutes(2), Duration.ofSeconds(30), 0))
                .withMessageContaining("max-attempts");
    }

    @Test
    void theDefaultsFitTogether() {
        JobSettings settings = new JobSettings(Duration.ofHours(24), Duration.ofMinutes(2), Duration.ofSeconds(30), 3);

        assertThat(settings.heartbeatEvery().multipliedBy(3)).isLessThanOrEqualTo(settings.staleAfter());
    }
}
