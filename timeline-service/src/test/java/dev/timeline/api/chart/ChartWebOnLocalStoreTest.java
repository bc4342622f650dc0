package dev.timeline.api.chart;

import static dev.timeline.api.WebSliceStore.URI_PROPERTY;

import dev.timeline.api.LocalStore;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Every chart test against the local stack's store, where the chart's reads are answered from the index. */
class ChartWebOnLocalStoreTest extends ChartWebTest {
    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add(URI_PROPERTY, LocalStore::uri);
    }
}
