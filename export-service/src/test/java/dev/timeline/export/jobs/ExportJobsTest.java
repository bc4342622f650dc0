package dev.timeline.export.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.timeline.events.CustomerRef;
import dev.timeline.events.Events;
import dev.timeline.export.ExportSliceTest;
import dev.timeline.export.stream.ExportStreamer;
import dev.timeline.ingest.normalize.TimelineEntries;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.hamcrest.Matchers;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/** The job lifecycle: create, progress, download, cancel, expiry, shutdown and crash, tenancy. "acme-key" is acme's, "globex-key" globex's. */
class ExportJobsTest extends ExportSliceTest {
    private static final int BIG = 60_000;

    @Autowired
    ExportJobs jobs;

    @Autowired
    ExportStreamer streamer;

    @Autowired
    JobSettings settings;

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

    /** acme's cus-big, with {@link #BIG} received messages. */
    private void storeBigCustomer() {
        var timeline = mongo.getCollection("timeline");
        TimelineEntries entries = new TimelineEntries();
        List<Document> batch = new ArrayList<>();
        for (int i = 0; i < BIG; i++) {
            batch.add(entries.toDocument(
                    Events.messageReceived("acme", CustomerRef.id("cus-big"), "big-" + i, Events.T0.plusSeconds(i)),
                    Instant.now()));
            if (batch.size() == 5000) {
                timeline.insertMany(batch);
                batch.clear();
            }
        }
    }

    private Document job(String id) {
        return mongo.getCollection(ExportJobs.COLLECTION)
                .find(Filters.eq("_id", id))
                .first();
    }

    private long rowsWritten(String id) {
        return job(id).get("rowsWritten", Number.class).longValue();
    }

    private long chunksOf(ObjectId file) {
        return mongo.getCollection("exports.chunks").countDocuments(Filters.eq("files_id", file));
    }

    /** A file's lines, read from GridFS. */
    private long linesOf(ObjectId file) throws Exception {
        try (var in = GridFSBuckets.create(mongo.getDb(), "exports")
                .openDownloadStream(file)
                .batchSize(16)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().count();
        }
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
    void aBrowserOnTheFrontEndMayCreateAnExportAndReadWhereItIs() throws Exception {
        mvc.perform(options("/api/v1/exports")
                        .header("Origin", FRONT_END)
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "X-API-Key, Content-Type"))
                .andExpect(status().isOk())
                .andExpect(header().string("Access-Control-Allow-Origin", FRONT_END))
                .andExpect(header().string("Access-Control-Allow-Methods", Matchers.containsString("POST")))
                .andExpect(header().string("Access-Control-Allow-Headers", Matchers.containsString("X-API-Key")))
                .andExpect(header().string("Access-Control-Allow-Headers", Matchers.containsString("Content-Type")));

        mvc.perform(post("/api/v1/exports")
                        .header("Origin", FRONT_END)
                        .header("X-API-Key", "acme-key")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"customerId\":\"cus-1\"}"))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Access-Control-Allow-Origin", FRONT_END))
                .andExpect(header().string("Access-Control-Expose-Headers", Matchers.containsString("Location")))
                .andExpect(header().string(
                                "Access-Control-Expose-Headers", Matchers.containsString("Content-Disposition")));
    }

    @Test
    void aBrowserOnTheFrontEndMayCancelAnExportAndNoOtherOriginMay() throws Exception {
        String id = create("acme-key", "{\"customerId\":\"cus-1\"}");

        mvc.perform(options("/api/v1/exports/" + id)
                        .header("Origin", FRONT_END)
                        .header("Access-Control-Request-Method", "DELETE")
                        .header("Access-Control-Request-Headers", "X-API-Key"))
                .andExpect(status().isOk())
                .andExpect(header().string("Access-Control-Allow-Origin", FRONT_END))
                .andExpect(header().string("Access-Control-Allow-Methods", Matchers.containsString("DELETE")));
        mvc.perform(options("/api/v1/exports/" + id)
                        .header("Origin", "https://evil.example")
                        .header("Access-Control-Request-Method", "DELETE"))
                .andExpect(status().isForbidden());
        mvc.perform(options("/api/v1/exports/" + id)
                        .header("Origin", FRONT_END)
                        .header("Access-Control-Request-Method", "PUT"))
                .andExpect(status().isForbidden());
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
        storeBigCustomer();
        long filesBefore = mongo.getCollection("exports.files").countDocuments();
        long chunksBefore = mongo.getCollection("exports.chunks").countDocuments();
        // CSV: its bytes reach GridFS chunk by chunk while the job runs (XLSX is only assembled at the end).
        String id = create("acme-key", "{\"customerId\":\"cus-big\",\"parameters\":{\"format\":[\"csv\"]}}");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> rowsWritten(id) >= 3 * ExportJobs.PROGRESS_EVERY
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
        assertThat(rowsWritten(id)).isLessThan(BIG);
        assertThat(jobStatus(id)).isEqualTo("cancelled");
    }

    @Test
    void theSweepDeletesExpiredExportsAndTheirFiles() throws Exception {
        String old = create("acme-key", "{\"customerId\":\"cus-1\"}");
        String kept = create("acme-key", "{\"customerId\":\"cus-1\"}");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jobStatus(old).equals("done") && jobStatus(kept).equals("done"));
        mongo.getCollection(ExportJobs.COLLECTION)
                .updateOne(
                        Filters.eq("_id", old),
                        Updates.set("expiresAt", Date.from(Instant.now().minusSeconds(1))));
        ObjectId oldFile = job(old).getObjectId("fileId");

        jobs.sweep();

        mvc.perform(get("/api/v1/exports/" + old).header("X-API-Key", "acme-key"))
                .andExpect(status().isNotFound());
        assertThat(mongo.getCollection("exports.files").countDocuments(Filters.eq("_id", oldFile)))
                .isZero();
        assertThat(chunksOf(oldFile)).isZero();
        assertThat(jobStatus(kept)).isEqualTo("done");
    }

    @Test
    void aJobWhoseReplicaCrashedRunsAgainAndItsPartialUploadIsDeleted() throws Exception {
        // What a replica that died mid-export leaves: a running job with a silent heartbeat and a half-written upload.
        var bucket = GridFSBuckets.create(mongo.getDb(), "exports");
        var upload = bucket.openUploadStream("timeline-cus-1-crashed.csv");
        upload.write(new byte[300 * 1024]); // more than a chunk: one chunk is stored
        ObjectId partial = upload.getObjectId();
        assertThat(chunksOf(partial)).isPositive();
        mongo.getCollection(ExportJobs.COLLECTION).insertOne(abandoned("crashed", 1, partial));

        jobs.sweep();

        await().atMost(Duration.ofSeconds(30)).until(() -> jobStatus("crashed").equals("done"));
        assertThat(chunksOf(partial)).isZero();
        mvc.perform(get("/api/v1/exports/crashed").header("X-API-Key", "acme-key"))
                .andExpect(jsonPath("$.rowsWritten").value(15))
                .andExpect(jsonPath("$.percent").value(100))
                .andExpect(jsonPath("$.attempts").value(2));
        assertThat(linesOf(job("crashed").getObjectId("fileId"))).isEqualTo(16);
    }

    @Test
    void aJobInterruptedByCrashesTooOftenIsMarkedFailed() throws Exception {
        mongo.getCollection(ExportJobs.COLLECTION).insertOne(abandoned("unlucky", 3, null));

        jobs.sweep();

        mvc.perform(get("/api/v1/exports/unlucky").header("X-API-Key", "acme-key"))
                .andExpect(jsonPath("$.status").value("failed"))
                .andExpect(jsonPath("$.error").value(Matchers.containsString("restarts 3 times")))
                .andExpect(jsonPath("$.percent").value(55));
        // Failed is final: a later sweep leaves it alone.
        jobs.sweep();
        assertThat(jobStatus("unlucky")).isEqualTo("failed");
    }

    /** A running job of acme's cus-1 whose runner stopped beating ten minutes ago, after {@code attempts} runs. */
    private static Document abandoned(String id, int attempts, @Nullable ObjectId upload) {
        return new Document("_id", id)
                .append("tenant", "acme")
                .append("customerId", "cus-1")
                .append("params", new Document("format", List.of("csv")))
                .append("format", "csv")
                .append("filename", "timeline-cus-1-" + id + ".csv")
                .append("status", "running")
                .append("runId", "gone")
                .append("attempts", attempts)
                .append("uploadId", upload)
                .append("rowsWritten", 5000L)
                .append("estimatedTotal", 9000L)
                .append("createdAt", new Date())
                .append("heartbeatAt", Date.from(Instant.now().minus(Duration.ofMinutes(10))))
                .append("expiresAt", Date.from(Instant.now().plus(Duration.ofHours(1))));
    }

    @Test
    void aReplicaThatStopsHandsItsJobBackAndAnotherFinishesIt() throws Exception {
        storeBigCustomer();
        ExportJobs stopping = new ExportJobs(mongo, streamer, settings);
        String id = stopping.create("acme", "cus-big", Map.of("format", List.of("csv")))
                .getString("_id");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> rowsWritten(id) >= 3 * ExportJobs.PROGRESS_EVERY
                        && job(id).getObjectId("uploadId") != null
                        && chunksOf(job(id).getObjectId("uploadId")) > 0);
        ObjectId firstUpload = job(id).getObjectId("uploadId");

        stopping.destroy();

        Document handedBack = job(id);
        assertThat(handedBack.getString("status")).isEqualTo("queued");
        assertThat(handedBack.getInteger("attempts")).isZero();
        assertThat(handedBack.getDate("heartbeatAt"))
                .isBefore(Date.from(Instant.now().minus(settings.staleAfter())));
        assertThat(chunksOf(firstUpload)).isZero();

        jobs.sweep(); // another replica

        await().atMost(Duration.ofSeconds(120)).until(() -> jobStatus(id).equals("done"));
        assertThat(rowsWritten(id)).isEqualTo(BIG);
        assertThat(job(id).getInteger("attempts")).isEqualTo(1);
        assertThat(linesOf(job(id).getObjectId("fileId"))).isEqualTo(BIG + 1);
        assertThat(mongo.getCollection("exports.files").countDocuments()).isEqualTo(1);
    }
}
