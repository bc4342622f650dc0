package dev.timeline.export.stream;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.timeline.events.CustomerRef;
import dev.timeline.events.Events;
import dev.timeline.events.store.CustomerLinks;
import dev.timeline.events.store.Tickets;
import dev.timeline.export.ExportSliceTest;
import dev.timeline.ingest.normalize.TimelineEntries;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.bson.Document;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.test.web.servlet.MvcResult;

/** The export endpoint: same filters and errors as the timeline, a file per format. Key "acme-key" is tenant acme's. */
class ExportWebTest extends ExportSliceTest {
    private String export(String query) throws Exception {
        return export("cus-1", query);
    }

    private String export(String customer, String query) throws Exception {
        MvcResult started = mvc.perform(get("/api/v1/customers/" + customer + "/export?" + query)
                        .header("X-API-Key", "acme-key"))
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

        // everyType's 21 events are 15 entries: a call's four events are one call, a sent mail's four one mail.
        assertThat(lines).hasSize(15);
        assertThat(lines.get(0)).contains("\"type\":\"crm.score-changed\"");
        assertThat(lines.get(14)).contains("\"type\":\"message.received\"");
        assertThat(lines)
                .filteredOn(l -> l.contains("\"type\":\"email.sent\""))
                .singleElement(as(InstanceOfAssertFactories.STRING))
                .contains("\"email_opened\":\"true\"", "\"email_open_count\":\"1\"");
        assertThat(lines)
                .filteredOn(l -> l.contains("\"type\":\"call.ended\""))
                .singleElement(as(InstanceOfAssertFactories.STRING))
                .contains("\"recording_url\":\"https://rec.example.vn/call-1.mp3\"");
    }

    @Test
    void everyRowOfATicketCarriesTheTicketsCurrentState() throws Exception {
        // As the ingest service keeps it from the ticket's events.
        mongo.getCollection(Tickets.COLLECTION)
                .insertOne(new Document("_id", Tickets.id("acme", "T-1001"))
                        .append(Tickets.TENANT, "acme")
                        .append(Tickets.TICKET_ID, "T-1001")
                        .append(Tickets.STATUS, "solved")
                        .append(Tickets.PRIORITY, "high"));

        List<String> rows = export("format=ndjson&channel=ticket").lines().toList();

        assertThat(rows)
                .hasSize(4)
                .allSatisfy(r -> assertThat(r)
                        .contains(
                                "\"ticket\":\"T-1001\"",
                                "\"ticket_status\":\"solved\"",
                                "\"ticket_priority\":\"high\""));
        assertThat(export("format=ndjson&channel=email").lines())
                .allSatisfy(r -> assertThat(r).contains("\"ticket_status\":\"\""));
    }

    @Test
    void exportsAMergedCustomersHistoryWithTheSurvivorsFromEitherId() throws Exception {
        // As the ingest service records "cus-9 was merged into cus-1".
        mongo.getCollection(CustomerLinks.MERGES)
                .insertOne(new Document("_id", CustomerLinks.mergeId("acme", "cus-9"))
                        .append(CustomerLinks.TENANT, "acme")
                        .append(CustomerLinks.CUSTOMER_ID, "cus-9")
                        .append(CustomerLinks.MERGED_INTO, "cus-1")
                        .append(CustomerLinks.ACTIVE, true)
                        .append(CustomerLinks.AT, new Date()));
        mongo.getCollection("timeline")
                .insertOne(new TimelineEntries()
                        .toDocument(
                                Events.messageReceived("acme", CustomerRef.id("cus-9"), "nine", Events.T0),
                                Instant.now()));

        List<String> survivor = export("format=ndjson").lines().toList();
        List<String> merged = export("cus-9", "format=ndjson").lines().toList();

        assertThat(survivor).hasSize(16).anyMatch(l -> l.contains("đơn hàng của tôi đâu rồi"));
        assertThat(merged).isEqualTo(survivor);
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
