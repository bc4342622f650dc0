package dev.timeline.export;

import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.timeline.events.CustomerRef;
import dev.timeline.events.Events;
import dev.timeline.events.TimelineEvent;
import dev.timeline.events.store.TimelineFields;
import dev.timeline.export.jobs.ExportJobs;
import dev.timeline.export.jobs.JobSettings;
import dev.timeline.export.stream.ExportStreamer;
import dev.timeline.ingest.correlate.Folds;
import dev.timeline.ingest.normalize.TimelineEntries;
import dev.timeline.web.WebSupport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The export service's web slice over an in-process store holding every event type for acme's cus-1 and globex's
 * cus-2. API key {@code acme-key} is acme's, {@code globex-key} globex's (their SHA-256 hashes are configured);
 * {@link #FRONT_END} may call it from a browser.
 */
@WebMvcTest(
        properties = {
            "timeline.web.api-keys=acme:afacab3575137afa4e00d9cbcafcb14c9ae25f779d964eb0ea5b2c4eb5dfd163,"
                    + "globex:f2a455b59b858a04c51108416af2042203cb6ac35fa4141fba4148bc856e78d4",
            "timeline.web.cors-allowed-origins=" + ExportSliceTest.FRONT_END
        })
@Import({WebSupport.class, ExportStreamer.class, ExportJobs.class, ExportSliceTest.Store.class})
@EnableConfigurationProperties({ExportProperties.class, JobSettings.class})
public abstract class ExportSliceTest {
    /** The one front-end origin allowed to call the service from a browser. */
    protected static final String FRONT_END = "https://app.example.vn";

    /** One store for the JVM: the Spring context that uses it is cached across test classes. */
    static final MongoServer STORE = new MongoServer(new MemoryBackend());

    static final String URI = STORE.bindAndGetConnectionString() + "/timeline";

    /** Where the real-MongoDB variants point the slice (a container's URI); absent: the in-process store. */
    public static final String URI_PROPERTY = "timeline.test.mongo-uri";

    @TestConfiguration(proxyBeanMethods = false)
    static class Store {
        @Bean
        MongoTemplate mongoTemplate(@Value("${" + URI_PROPERTY + ":}") String uri) {
            return new MongoTemplate(MongoClients.create(uri.isBlank() ? URI : uri), "timeline");
        }
    }

    @Autowired
    protected MockMvc mvc;

    @Autowired
    protected MongoTemplate mongo;

    @BeforeEach
    void fill() {
        mongo.getDb().drop();
        List<TimelineEvent> events = new ArrayList<>(Events.everyType("acme", CustomerRef.id("cus-1"), "e"));
        events.addAll(Events.everyType("globex", CustomerRef.id("cus-2"), "g"));
        TimelineEntries entries = new TimelineEntries();
        Folds.Folded folded = Folds.fold(
                events.stream().map(e -> entries.toDocument(e, Instant.now())).toList());
        mongo.getCollection("timeline").insertMany(folded.entries());
        mongo.getCollection(TimelineFields.PARTS_COLLECTION).insertMany(folded.parts());
    }
}
