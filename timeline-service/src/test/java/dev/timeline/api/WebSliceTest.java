package dev.timeline.api;

import de.bwaldvogel.mongo.MongoServer;
import dev.timeline.api.chart.ChartBuilder;
import dev.timeline.api.facets.FacetsBuilder;
import dev.timeline.api.live.LiveProperties;
import dev.timeline.api.live.LiveStreams;
import dev.timeline.api.timeline.TimelineReader;
import dev.timeline.events.TimelineEvent;
import dev.timeline.events.store.TimelineFields;
import dev.timeline.ingest.write.TimelineIndexes;
import dev.timeline.web.WebSupport;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The web slice with the real readers over an in-process store that each test fills. API key {@code acme-key}
 * belongs to tenant acme, {@code globex-key} to globex (their SHA-256 hashes are configured, as in production).
 */
@WebMvcTest(
        properties = {
            "timeline.web.api-keys=acme:afacab3575137afa4e00d9cbcafcb14c9ae25f779d964eb0ea5b2c4eb5dfd163,"
                    + "globex:f2a455b59b858a04c51108416af2042203cb6ac35fa4141fba4148bc856e78d4",
            "timeline.api.cursor-secret=web-test-cursor-secret",
            "timeline.web.cors-allowed-origins=https://app.example.vn",
            "timeline.api.ticket-url-template=https://help.example.vn/t/{ticketId}",
            "timeline.api.live.enabled=false"
        })
@Import({
    WebSupport.class,
    TimelineReader.class,
    dev.timeline.api.CursorConfiguration.class,
    ChartBuilder.class,
    FacetsBuilder.class,
    LiveStreams.class,
    WebSliceStore.class
})
@EnableConfigurationProperties({TimelineApiProperties.class, LiveProperties.class})
public abstract class WebSliceTest {
    /** One store for the JVM: the Spring context that uses it is cached across test classes, so it is never stopped. */
    protected static final MongoServer STORE = StoredEvents.startStore();

    @Autowired
    protected MockMvc mvc;

    @Autowired
    protected MongoTemplate mongo;

    /**
     * Replaces the store's content with these events, normalized as the ingest service does, under the indexes it
     * declares (the memory backend ignores them; the wire store and real MongoDB plan the reads with them).
     */
    protected void store(List<TimelineEvent> events) {
        mongo.getDb().drop();
        TimelineIndexes.create(mongo.getDb(), TimelineFields.DEFAULT_COLLECTION);
        StoredEvents.store(mongo, events);
    }
}
