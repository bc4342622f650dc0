package dev.timeline.export.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.timeline.events.CustomerRef;
import dev.timeline.events.Events;
import dev.timeline.events.TimelineEvent;
import dev.timeline.export.ExportProperties;
import dev.timeline.export.jobs.ExportJobs;
import dev.timeline.export.jobs.JobSettings;
import dev.timeline.ingest.normalize.TimelineEntries;
import dev.timeline.web.WebSupport;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** The export endpoint: same filters and errors as the timeline, a file per format. Key "acme-key" is tenant acme's. */
@WebMvcTest(properties = "timeline.web.api-keys=acme:afacab3575137afa4e00d9cbcafcb14c9ae25f779d964eb0ea5b2c4eb5dfd163")
@Import({WebSupport.class, ExportStreamer.class, ExportJobs.class, ExportWebTest.Store.class})
@EnableConfigurationProperties({ExportProperties.class, JobSettings.class})
class ExportWebTest {
    static final MongoServer STORE = new MongoServer(new MemoryBackend());
    static final String URI = STORE.bindAndGetConnectionString() + "/timeline";

    @TestConfiguration(proxyBeanMethods = false)
    static class Store {
        @Bean
        MongoTemplate mongoTemplate() {
            return new MongoTemplate(MongoClients.create(URI), "timeline");
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    MongoTemplate mongo;

    @BeforeEach
    void fill() {
        mongo.getCollection("timeline").drop();
        List<TimelineEvent> events = new ArrayList<>(Events.everyType("acme", CustomerRef.id("cus-1"), "e"));
        events.addAll(Events.everyType("globex", CustomerRef.id("cus-2"), "g"));
        TimelineEntries entries = new TimelineEntries();
        mongo.getCollection("timeline")
                .insertMany(events.stream()
                        .map(e -> entries.toDocument(e, Instant.now()))
                        .toList());
    }

    private String export(String query) throws Exception {
        MvcResult started = mvc.perform(
                        get("/api/v1/customers/cus-1/export?" + query).header("X-API-Key", "acme-key"))
                .andExpect(status().isOk())
                .andReturn();
        return mvc.perform(asyncDispatch(started))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void exportsTheFilteredTimelineAsCsvWithAFilename() throws Exception {
        MvcResult started = mvc.perform(get("/api/v1/customers/cus-1/export?format=csv&type=email.sent,call.ended")
                        .header("X-API-Key", "acme-key"))
                .andExpect(header().string("Content-Disposition", Matchers.startsWith("attachment; filename=")))
                .andExpect(header().string("Content-Disposition", Matchers.containsString("timeline-cus-1-")))
                .andReturn();
        String csv = mvc.perform(asyncDispatch(started))
                .andExpect(header().string("Content-Type", Matchers.startsWith("text/csv")))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);

        assertThat(csv.lines()).hasSize(3);
        assertThat(csv)
                .contains("Gửi email thành công", "Cuộc gọi kết thúc", "answered,185")
                .doesNotContain("globex");
    }

    @Test
    void exportsEveryRowAsNdjsonNewestFirst() throws Exception {
        List<String> lines = export("format=ndjson").lines().toList();

        assertThat(lines).hasSize(21);
        assertThat(lines.get(0)).contains("\"type\":\"crm.score-changed\"");
        assertThat(lines.get(20)).contains("\"type\":\"message.received\"");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"format=pdf|format", "channel=fax|channel", "limit=5|limit", "from=soon|from"})
    void refusesBadParametersBeforeStreaming(String query, String parameter) throws Exception {
        mvc.perform(get("/api/v1/customers/cus-1/export?" + query).header("X-API-Key", "acme-key"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value(parameter));
    }

    @Test
    void answersAnotherTenantsCustomerAsMissingAndRequiresAKey() throws Exception {
        mvc.perform(get("/api/v1/customers/cus-2/export").header("X-API-Key", "acme-key"))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/customers/cus-1/export")).andExpect(status().isUnauthorized());
    }
}
