package dev.timeline.export.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.timeline.export.ExportSliceTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/** The job lifecycle: create, progress, download, cancel, expiry, restart, tenancy. "acme-key" is acme's, "globex-key" globex's. */
class ExportJobsTest extends ExportSliceTest {
    @Autowired
    ExportJobs jobs;

    private String create(String key, String body) throws Exception {
        String response = mvc.perform(post("/api/v1/exports")
                        .header("X-API-Key", key)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", Matchers.startsWith("/api/v1/exports/")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        return JsonPath.read(response, "$.id");
    }

    private String jobStatus(String id) throws Exception {
        return JsonPath.read(
                mvc.perform(get("/api/v1/exports/" + id).header("X-API-Key", "acme-key"))
                        .andReturn()
                        .getResponse()
                        .getContentAsString(),
                "$.status");
    }

    @Test
    void runsAJobToAFileWithProgressAndServesIt() throws Exception {
        String id = create(
                "acme-key",
                "{\"customerId\":\"cus-1\",\"parameters\":{\"format\":[\"csv\"],\"type\":[\"email.sent\",\"call.ended\"]}}");

        await().atMost(Duration.ofSeconds(30)).until(() -> jobStatus(id).equals("done"));
        mvc.perform(get("/api/v1/exports/" + id).header("X-API-Key", "acme-key"))
                .andExpect(jsonPath("$.rowsWritten").value(2))
                .andExpect(jsonPath("$.estimatedTotal").value(2))
                .andExpect(jsonPath("$.percent").value(100))
                .andExpect(jsonPath("$.download").value("/api/v1/exports/" + id + "/file"));
        var started = mvc.perform(get("/api/v1/exports/" + id + "/file").header("X-API-Key", "acme-key"))
                .andExpect(header().string("Content-Disposition", Matchers.containsString("timeline-cus-1-")))
                .andReturn();
        String csv = mvc.perform(asyncDispatch(started))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(csv).startsWith("\uFEFFtime_local,").contains("Gửi email thành công", "Cuộc gọi kết thúc");
        assertThat(csv.lines()).hasSize(3);
    }

    @Test
    void exportsAWholeTenantWhenNoCustomerIsNamed() throws Exception {
        String id = create("acme-key", "{\"parameters\":{\"format\":[\"ndjson\"]}}");

        await().atMost(Duration.ofSeconds(30)).until(() -> jobStatus(id).equals("done"));
        mvc.perform(get("/api/v1/exports/" + id).header("X-API-Key", "acme-key"))
                .andExpect(jsonPath("$.rowsWritten").value(15)); // everyType: 21 events, 15 entries
    }

    @Test
    void refusesBadParametersWhenCreating() throws Exception {
        mvc.perform(post("/api/v1/exports")
                        .header("X-API-Key", "acme-key")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"customerId\":\"cus-1\",\"parameters\":{\"format\":[\"pdf\"]}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("format"));
    }

    @Test
    void onlyTheTenantThatCreatedAnExportSeesIt() throws Exception {
        String id = create("acme-key", "{\"customerId\":\"cus-1\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> jobStatus(id).equals("done"));

        mvc.perform(get("/api/v1/exports/" + id).header("X-API-Key", "globex-key"))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/exports/" + id + "/file").header("X-API-Key", "globex-key"))
                .andExpect(status().isNotFound());
        mvc.perform(delete("/api/v1/exports/" + id).header("X-API-Key", "globex-key"))
                .andExpect(status().isNotFound());
        assertThat(jobStatus(id)).isEqualTo("done");
    }

    @Test
    void cancellingAFinishedExportDeletesItAndItsFile() throws Exception {
        String id = create("acme-key", "{\"customerId\":\"cus-1\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> jobStatus(id).equals("done"));
        long files = mongo.getCollection("exports.files").countDocuments();

        mvc.perform(delete("/api/v1/exports/" + id).header("X-API-Key", "acme-key"))
                .andExpect(status().isNoContent());

        mvc.perform(get("/api/v1/exports/" + id).header("X-API-Key", "acme-key"))
                .andExpect(status().isNotFound());
        assertThat(mongo.getCollection("exports.files").countDocuments()).isEqualTo(files - 1);
    }

    @Test
    void aRunningJobStopsWhenCancelled() throws Exception {
        var jobsCollection = mongo.getCollection(ExportJobs.COLLECTION);
        String id = "cancel-me";
        jobsCollection.insertOne(new Document("_id", id)
                .append("tenant", "acme")
                .append("status", "running")
                .append("rowsWritten", 0L)
                .append("estimatedTotal", 100L)
                .append("createdAt", new Date())
                .append("heartbeatAt", new Date())
                .append("expiresAt", Date.from(Instant.now().plusSeconds(60))));

        mvc.perform(delete("/api/v1/exports/" + id).header("X-API-Key", "acme-key"))
                .andExpect(status().isNoContent());

        assertThat(jobStatus(id)).isEqualTo("cancelled");
        mvc.perform(get("/api/v1/exports/" + id + "/file").header("X-API-Key", "acme-key"))
                .andExpect(status().isNotFound());
    }

    @Test
    void cancellingAJobWhileItWritesStopsItAndLeavesNoFile() throws Exception {
        // Enough rows that the writer is still busy when the cancel arrives (it checks at every 1000 rows).
        var timeline = mongo.getCollection("timeline");
        var entries = new dev.timeline.ingest.normalize.TimelineEntries();
        var batch = new java.util.ArrayList<Document>();
        for (int i = 0; i < 150_000; i++) {
            batch.add(entries.toDocument(
                    dev.timeline.events.Events.messageReceived(
                            "acme",
                            dev.timeline.events.CustomerRef.id("cus-big"),
                            "big-" + i,
                            dev.timeline.events.Events.T0.plusSeconds(i)),
                    Instant.now()));
            if (batch.size() == 5000) {
                timeline.insertMany(batch);
                batch.clear();
            }
        }
        long filesBefore = mongo.getCollection("exports.files").countDocuments();
        long chunksBefore = mongo.getCollection("exports.chunks").countDocuments();
        // CSV: its bytes reach GridFS chunk by chunk while the job runs (XLSX is only assembled at the end).
        String id = create("acme-key", "{\"customerId\":\"cus-big\",\"parameters\":{\"format\":[\"csv\"]}}");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> mongo.getCollection(ExportJobs.COLLECTION)
                                        .find(new Document("_id", id))
                                        .first()
                                        .get("rowsWritten", Number.class)
                                        .longValue()
                                >= 3 * ExportJobs.PROGRESS_EVERY
                        && mongo.getCollection("exports.chunks").countDocuments() > chunksBefore);

        mvc.perform(delete("/api/v1/exports/" + id).header("X-API-Key", "acme-key"))
                .andExpect(status().isNoContent());

        assertThat(jobStatus(id)).isEqualTo("cancelled");
        // The writer notices at its next progress check and aborts the upload: no file, no chunks left behind.
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(mongo.getCollection("exports.chunks").countDocuments())
                                .isEqualTo(chunksBefore));
        assertThat(mongo.getCollection("exports.files").countDocuments()).isEqualTo(filesBefore);
        assertThat(mongo.getCollection(ExportJobs.COLLECTION)
                        .find(new Document("_id", id))
                        .first()
                        .get("rowsWritten", Number.class)
                        .longValue())
                .isLessThan(150_000);
        assertThat(jobStatus(id)).isEqualTo("cancelled");
    }

    @Test
    void theSweepExpiresOldExportsAndFailsJobsARestartInterrupted() throws Exception {
        String old = create("acme-key", "{\"customerId\":\"cus-1\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> jobStatus(old).equals("done"));
        var jobsCollection = mongo.getCollection(ExportJobs.COLLECTION);
        jobsCollection.updateOne(
                Filters.eq("_id", old),
                Updates.set("expiresAt", Date.from(Instant.now().minusSeconds(1))));
        jobsCollection.insertOne(new Document("_id", "orphan")
                .append("tenant", "acme")
                .append("status", "running")
                .append("rowsWritten", 5000L)
                .append("estimatedTotal", 9000L)
                .append("createdAt", new Date())
                .append("heartbeatAt", Date.from(Instant.now().minus(Duration.ofMinutes(10))))
                .append("expiresAt", Date.from(Instant.now().plus(Duration.ofHours(1)))));
        long files = mongo.getCollection("exports.files").countDocuments();

        jobs.sweep();

        mvc.perform(get("/api/v1/exports/" + old).header("X-API-Key", "acme-key"))
                .andExpect(status().isNotFound());
        assertThat(mongo.getCollection("exports.files").countDocuments()).isEqualTo(files - 1);
        mvc.perform(get("/api/v1/exports/orphan").header("X-API-Key", "acme-key"))
                .andExpect(jsonPath("$.status").value("failed"))
                .andExpect(jsonPath("$.error").value(Matchers.containsString("restart")))
                .andExpect(jsonPath("$.percent").value(55));
    }
}
