package dev.timeline.api.facets;

import static dev.timeline.api.WebSliceStore.URI_PROPERTY;

import dev.timeline.events.RealMongo;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Every facets test against real MongoDB. Skipped, with JUnit's reason "Docker is not available" in the report, where no
 * Docker engine runs (as on the project's CI machine); run it wherever Docker is.
 */
@Testcontainers(disabledWithoutDocker = true)
class FacetsWebOnRealMongoTest extends FacetsWebTest {
    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add(URI_PROPERTY, RealMongo::uri);
    }
}
