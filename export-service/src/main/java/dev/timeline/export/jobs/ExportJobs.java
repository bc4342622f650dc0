package dev.timeline.export.jobs;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.timeline.events.store.Erasures;
import dev.timeline.export.stream.ExportStreamer;
import dev.timeline.query.Scope;
import dev.timeline.web.NotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Export jobs in the {@code export_jobs} collection, files in the {@code exports} GridFS bucket. A job's state moves
 * queued → running → done | failed | cancelled; a running job refreshes its heartbeat with its progress, so a job whose
 * heartbeat stopped (its replica died or restarted) is marked failed by the sweep instead of staying "running".
 */
@Service
public class ExportJobs implements DisposableBean {
    static final String COLLECTION = Erasures.EXPORT_JOBS;
    static final long PROGRESS_EVERY = 1000;
    private static final Logger log = LoggerFactory.getLogger(ExportJobs.class);

    private final MongoCollection<Document> jobs;
    private final GridFSBucket files;
    private final ExportStreamer streamer;
    private final Duration retention;
    private final Duration staleAfter;
    private final Clock clock = Clock.systemUTC();
    private final ExecutorService runners = Executors.newFixedThreadPool(2);

    ExportJobs(MongoTemplate mongo, ExportStreamer streamer, JobSettings settings) {
        this.jobs = mongo.getCollection(COLLECTION);
        this.files = GridFSBuckets.create(mongo.getDb(), Erasures.EXPORT_BUCKET);
        this.streamer = streamer;
        this.retention = settings.retention();
        this.staleAfter = settings.staleAfter();
    }

    /** Validates like a streamed export (400s come now, not later), records the job and starts it. */
    public Document create(String tenant, @Nullable String customerId, Map<String, List<String>> params) {
        Scope scope = customerId == null ? Scope.wholeTenant(tenant) : streamer.customer(tenant, customerId);
        ExportStreamer.Request request = streamer.request(tenant, scope, params);
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        String filename = "timeline-" + (customerId == null ? tenant : customerId).replaceAll("[^\\p{L}\\p{N}._-]", "_")
                + "-" + now.toString().substring(0, 10) + "." + request.format().extension();
        Document job = new Document("_id", id)
                .append("tenant", tenant)
                .append("customerId", customerId)
                .append("params", new Document(new LinkedHashMap<>(params)))
                .append("format", request.format().name().toLowerCase(java.util.Locale.ROOT))
                .append("filename", filename)
                .append("status", "queued")
                .append("rowsWritten", 0L)
                .append("estimatedTotal", streamer.count(request))
                .append("createdAt", Date.from(now))
                .append("heartbeatAt", Date.from(now))
                .append("expiresAt", Date.from(now.plus(retention)));
        jobs.insertOne(job);
        runners.submit(() -> run(id, request));
        return job;
    }

    public Document get(String tenant, String id) {
        Document job = jobs.find(Filters.and(Filters.eq("_id", id), Filters.eq("tenant", tenant)))
                .first();
        if (job == null) {
            throw new NotFoundException("no export " + id);
        }
        return job;
    }

    /** Cancels a queued or running job; a finished one is deleted with its file. */
    public void cancel(String tenant, String id) {
        Document job = get(tenant, id);
        String status = job.getString("status");
        if (status.equals("queued") || status.equals("running")) {
            jobs.updateOne(Filters.eq("_id", id), Updates.set("status", "cancelled"));
        } else {
            delete(job);
        }
    }

    public void download(String tenant, String id, OutputStream out) throws IOException {
        Document job = get(tenant, id);
        ObjectId file = job.getObjectId("fileId");
        if (!"done".equals(job.getString("status")) || file == null) {
            throw new NotFoundException("export " + id + " has no file (status " + job.getString("status") + ")");
        }
        // mongo-java-server answers a whole read in one reply unless the batch is small.
        try (var in = files.openDownloadStream(file).batchSize(16)) {
            in.transferTo(out);
        }
    }

    private void run(String id, ExportStreamer.Request request) {
        if (jobs.updateOne(
                                Filters.and(Filters.eq("_id", id), Filters.eq("status", "queued")),
                                Updates.combine(
                                        Updates.set("status", "running"),
                                        Updates.set("startedAt", Date.from(clock.instant()))))
                        .getModifiedCount()
                == 0) {
            return;
        }
        ObjectId file = null;
        try {
            String filename = get(request.tenant(), id).getString("filename");
            try (var upload = files.openUploadStream(filename)) {
                file = upload.getObjectId();
                long rows =
                        streamer.write(request, unclosable(upload), written -> progress(id, written), PROGRESS_EVERY);
                if (rows < 0) {
                    upload.abort();
                    return;
                }
                upload.close();
                var done = jobs.updateOne(
                        Filters.and(Filters.eq("_id", id), Filters.eq("status", "running")),
                        Updates.combine(
                                Updates.set("status", "done"),
                                Updates.set("rowsWritten", rows),
                                Updates.set("fileId", file),
                                Updates.set("finishedAt", Date.from(clock.instant()))));
                if (done.getModifiedCount() == 0) {
                    files.delete(file);
                }
            }
        } catch (Exception e) {
            log.warn("Export {} failed: {}", id, e.toString());
            jobs.updateOne(
                    Filters.and(Filters.eq("_id", id), Filters.eq("status", "running")),
                    Updates.combine(
                            Updates.set("status", "failed"),
                            Updates.set("error", "the export failed; create it again")));
        }
    }

    /**
     * The upload as the row writers see it: closing a writer flushes it but leaves the upload open, because only the
     * job knows whether to finish it ({@code close}: the file is stored) or to discard it ({@code abort}: cancelled).
     */
    private static OutputStream unclosable(OutputStream upload) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                upload.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                upload.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                upload.flush();
            }

            @Override
            public void close() throws IOException {
                upload.flush();
            }
        };
    }

    /** Records progress; false when the job was cancelled (or vanished), which stops the writer. */
    private boolean progress(String id, long written) {
        return jobs.updateOne(
                                Filters.and(Filters.eq("_id", id), Filters.eq("status", "running")),
                                Updates.combine(
                                        Updates.set("rowsWritten", written),
                                        Updates.set("heartbeatAt", Date.from(clock.instant()))))
                        .getModifiedCount()
                == 1;
    }

    /**
     * Deletes expired jobs and their files (works where TTL indexes do not), and fails jobs whose runner stopped
     * beating: a restart never leaves a job "running".
     */
    @Scheduled(fixedDelayString = "${timeline.export.jobs.sweep-every:60s}", initialDelay = 0)
    public void sweep() {
        Instant now = clock.instant();
        for (Document expired :
                jobs.find(Filters.lt("expiresAt", Date.from(now))).into(new ArrayList<>())) {
            delete(expired);
        }
        jobs.updateMany(
                Filters.and(
                        Filters.in("status", List.of("running", "queued")),
                        Filters.lt("heartbeatAt", Date.from(now.minus(staleAfter)))),
                Updates.combine(
                        Updates.set("status", "failed"),
                        Updates.set("error", "interrupted by a service restart; create the export again")));
    }

    private void delete(Document job) {
        ObjectId file = job.getObjectId("fileId");
        if (file != null) {
            try {
                files.delete(file);
            } catch (RuntimeException alreadyGone) {
                log.debug("export file {} already gone", file);
            }
        }
        jobs.deleteOne(Filters.eq("_id", job.getString("_id")));
    }

    @Override
    public void destroy() {
        runners.shutdownNow();
    }
}
