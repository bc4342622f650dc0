package dev.timeline.api.facets;

import static dev.timeline.api.WebSliceStore.URI_PROPERTY;
import static dev.timeline.events.store.TimelineFields.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.timeline.api.LocalStore;
import dev.timeline.query.TimelineCriteria;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Every facets test against the local stack's store, with the indexes ingest declares. */
class FacetsWebOnLocalStoreTest extends FacetsWebTest {
    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add(URI_PROPERTY, LocalStore::uri);
    }

    /**
     * The counting read scans {@code customer_timeline} in its order. It is not covered here: the local store answers
     * from keys only projections of top-level fields, and this one holds {@code staff.id} (MongoDB covers it).
     */
    @Test
    void theCountingReadScansTheCustomerTimelineIndex() {
        Document explain = mongo.getCollection(DEFAULT_COLLECTION)
                .find(Filters.and(Filters.eq(TENANT, "acme"), Filters.eq(CUSTOMER_ID, "cus-1")))
                .projection(Projections.fields(
                        Projections.include(TYPE, CHANNEL, SOURCE, DIRECTION, STAFF + ".id"), Projections.excludeId()))
                .sort(TimelineCriteria.NEWEST_FIRST)
                .explain();
        Document plan = explain.get("queryPlanner", Document.class).get("winningPlan", Document.class);
        assertThat(plan.get("inputStage", Document.class).getString("stage")).isEqualTo("IXSCAN");
        assertThat(plan.get("inputStage", Document.class).getString("indexName"))
                .isEqualTo(CUSTOMER_TIMELINE_INDEX);
        assertThat(explain.get("executionStats", Document.class).getInteger("nReturned"))
                .isEqualTo(6);
    }
}
