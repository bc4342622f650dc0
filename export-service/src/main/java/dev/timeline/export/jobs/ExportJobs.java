package dev.timeline.export.jobs;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.GridFSUploadStream;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import dev.timeline.events.store.Erasures;
import dev.timeline.export.stream.ExportStreamer;
import dev.timeline.query.Scope;
import dev.timeline.web.NotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Export jobs in the {@code export_jobs} collection, files in the {@code exports} GridFS bucket. A job moves queued →
 * running → done | failed | cancelled. Any replica may run any job: a runner claims a queued job under a fresh
 * {@code runId} and every later write of its run is conditional on that id, so a job is written by one run at a time.
 *
 * <p>A running job's heartbeat is refreshed while its replica lives. A replica that shuts down hands its running jobs
 * back (queued, heartbeat in the past); a replica that dies just stops beating. Either way the next sweep, on any
 * replica, takes the job up again from the start (its partial upload deleted), until {@code maxAttempts} runs have
 * been interrupted: then the job is marked failed. No job stays "running" without a runner.
 */
@Service
public class ExportJobs implements DisposableBean {
    static final String COLLECTION = Erasures.EXPORT_JOBS;
    static final long PROGRESS_EVERY = 1000;
    private static final Logger log = LoggerFactory.getLogger(ExportJobs.class);
    private static final Date LONG_AGO = new Date(0);

    private final MongoCollection<Document> jobs;
    private final GridFSBucket files;
    private final ExportStreamer streamer;
    private final JobSettings settings;
    private final Clock clock = Clock.systemUTC();
    private final ExecutorService runners = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService heart = Executors.newSingleThreadScheduledExecutor();
    /** The runs of this replica: job id → run id. */
    private final Map<String, String> running = new ConcurrentHashMap<>();

    private volatile boolean stopping;

    ExportJobs(MongoTemplate mongo, ExportStreamer streamer, JobSettings settings) {
        this.jobs = mongo.getCollection(COLLECTION);
        this.files = GridFSBuckets.create(mongo.getDb(), Erasures.EXPORT_BUCKET);
        this.streamer = streamer;
        this.settings = settings;
        long every = settings.heartbeatEvery().toMillis();
        heart.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
    }

    /** Validates like a streamed export (400s come now, not later), records the job and starts it. */
    public Document create(String tenant, @Nullable String customerId, Map<String, List<String>> params) {
        ExportStreamer.Request request = request(tenant, customerId, params);
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        String filename = "timeline-" + (customerId == null ? tenant : customerId).replaceAll("[^\\p{L}\\p{N}._-]", "_")
                + "-" + now.toString().substring(0, 10) + "." + request.format().extension();
        Document job = new Document("_id", id)
                .append("tenant", tenant)
                .append("customerId", customerId)
                .append("params", new Document(new LinkedHashMap<>(params)))
                .append("format", request.format().name().toLowerCase(Locale.ROOT))
                .append("filename", filename)
                .append("status", "queued")
                .append("attempts", 0)
                .append("rowsWritten", 0L)
                .append("estimatedTotal", streamer.count(request))
                .append("createdAt", Date.from(now))
                .append("heartbeatAt", Date.from(now))
                .append("expiresAt", Date.from(now.plus(settings.retention())));
        jobs.insertOne(job);
        runners.submit(() -> run(id));
        return job;
    }

    private ExportStreamer.Request request(
            String tenant, @Nullable String customerId, Map<String, List<String>> params) {
        Scope scope = customerId == null ? Scope.wholeTenant(tenant) : streamer.customer(tenant, customerId);
        return streamer.request(tenant, scope, params);
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

    /** Claims the job if it is queued, and writes its file; any other outcome leaves no file behind. */
    private void run(String id) {
        if (stopping) {
            jobs.updateOne(
                    Filters.and(Filters.eq("_id", id), Filters.eq("status", "queued")),
                    Updates.set("heartbeatAt", LONG_AGO));
            return;
        }
        String runId = UUID.randomUUID().toString();
        Document job = jobs.findOneAndUpdate(
                Filters.and(Filters.eq("_id", id), Filters.eq("status", "queued")),
                Updates.combine(
                        Updates.set("status", "running"),
                        Updates.set("runId", runId),
                        Updates.set("rowsWritten", 0L),
                        Updates.inc("attempts", 1),
                        Updates.set("startedAt", Date.from(clock.instant())),
                        Updates.set("heartbeatAt", Date.from(clock.instant()))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        if (job == null) {
            return;
        }
        running.put(id, runId);
        GridFSUploadStream upload = null;
        boolean stored = false;
        try {
            @SuppressWarnings("unchecked")
            Map<String, List<String>> params =
                    (Map<String, List<String>>) (Map<String, ?>) job.get("params", Document.class);
            ExportStreamer.Request request = request(job.getString("tenant"), job.getString("customerId"), params);
            upload = files.openUploadStream(job.getString("filename"));
            ObjectId file = upload.getObjectId();
            if (jobs.updateOne(ofRun(id, runId), Updates.set("uploadId", file)).getModifiedCount() == 0) {
                return;
            }
            long rows = streamer.write(
                    request, unclosable(upload), written -> progress(id, runId, written), PROGRESS_EVERY);
            if (rows < 0) {
                return;
            }
            upload.close();
            stored = true;
            var done = jobs.updateOne(
                    ofRun(id, runId),
                    Updates.combine(
                            Updates.set("status", "done"),
                            Updates.set("rowsWritten", rows),
                            Updates.set("fileId", file),
                            Updates.unset("uploadId"),
                            Updates.set("finishedAt", Date.from(clock.instant()))));
            if (done.getModifiedCount() == 0) {
                files.delete(file);
            }
        } catch (Exception e) {
            log.warn("Export {} failed: {}", id, e.toString());
            jobs.updateOne(
                    ofRun(id, runId),
                    Updates.combine(
                            Updates.set("status", "failed"),
                            Updates.set("error", "the export failed; create it again")));
        } finally {
            running.remove(id);
            if (upload != null && !stored) {
                abort(upload);
            }
        }
    }

    private static void abort(GridFSUploadStream upload) {
        try {
            upload.abort();
        } catch (RuntimeException e) {
            log.warn("could not delete the partial export file {}: {}", upload.getObjectId(), e.toString());
        }
    }

    /** The job while the given run of it is the one running. */
    private static Bson ofRun(String id, String runId) {
        return Filters.and(Filters.eq("_id", id), Filters.eq("status", "running"), Filters.eq("runId", runId));
    }

    /**
     * The upload as the row writers see it: closing a writer flushes it but leaves the upload open, because only the
     * job knows whether to finish it ({@code close}: the file is stored) or to discard it ({@code abort}).
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

    /** Records progress; false when this run no longer owns the job (cancelled, handed back, taken over, erased). */
    private boolean progress(String id, String runId, long written) {
        return jobs.updateOne(
                                ofRun(id, runId),
                                Updates.combine(
                                        Updates.set("rowsWritten", written),
                                        Updates.set("heartbeatAt", Date.from(clock.instant()))))
                        .getModifiedCount()
                == 1;
    }

    /**
     * Tells the other replicas that this one still runs its jobs, however slowly their rows come (every
     * {@code heartbeat-every}). A failed beat is logged and the next one tries again: an exception would end the
     * schedule.
     */
    private void heartbeat() {
        try {
            running.forEach((id, runId) ->
                    jobs.updateOne(ofRun(id, runId), Updates.set("heartbeatAt", Date.from(clock.instant()))));
        } catch (RuntimeException e) {
            log.warn("export heartbeat failed; retrying in {}: {}", settings.heartbeatEvery(), e.toString());
        }
    }

    /**
     * Deletes expired jobs and their files (works where TTL indexes do not), and takes up jobs that no runner holds:
     * queued or running with a heartbeat older than {@code staleAfter}. Each is queued again and run here, from the
     * start, unless it was interrupted {@code maxAttempts} times already: then it is marked failed.
     */
    @Scheduled(fixedDelayString = "${timeline.export.jobs.sweep-every:60s}", initialDelay = 0)
    public void sweep() {
        Instant now = clock.instant();
        for (Document expired :
                jobs.find(Filters.lt("expiresAt", Date.from(now))).into(new ArrayList<>())) {
            delete(expired);
        }
        Bson abandoned = Filters.and(
                Filters.in("status", List.of("running", "queued")),
                Filters.lt("heartbeatAt", Date.from(now.minus(settings.staleAfter()))));
        for (Document job : jobs.find(abandoned).into(new ArrayList<>())) {
            String id = job.getString("_id");
            boolean exhausted = job.get("attempts", 0) >= settings.maxAttempts();
            Bson takeOver = exhausted
                    ? Updates.combine(
                            Updates.set("status", "failed"),
                            Updates.unset("runId"),
                            Updates.set(
                                    "error",
                                    "interrupted by service restarts " + settings.maxAttempts()
                                            + " times; create the export again"))
                    : Updates.combine(
                            Updates.set("status", "queued"),
                            Updates.unset("runId"),
                            Updates.set("rowsWritten", 0L),
                            Updates.set("heartbeatAt", Date.from(now)));
            // Conditional on the heartbeat read: of several sweeping replicas, one takes the job over.
            Document before = jobs.findOneAndUpdate(
                    Filters.and(
                            abandoned, Filters.eq("_id", id), Filters.eq("heartbeatAt", job.getDate("heartbeatAt"))),
                    takeOver);
            if (before == null) {
                continue;
            }
            deleteFile(before.getObjectId("uploadId"));
            if (exhausted) {
                log.warn("Export {} was interrupted {} times; marked failed", id, settings.maxAttempts());
            } else {
                log.info("Export {} was interrupted; running it again", id);
                runners.submit(() -> run(id));
            }
        }
    }

    private void delete(Document job) {
        deleteFile(job.getObjectId("fileId"));
        deleteFile(job.getObjectId("uploadId"));
        jobs.deleteOne(Filters.eq("_id", job.getString("_id")));
    }

    /** Deletes a file, or the chunks of an upload that never finished (GridFS deletes chunks before it complains). */
    private void deleteFile(@Nullable ObjectId file) {
        if (file == null) {
            return;
        }
        try {
            files.delete(file);
        } catch (RuntimeException alreadyGone) {
            log.debug("export file {} already gone", file);
        }
    }

    /**
     * Hands this replica's jobs back: queued, heartbeat in the past (so the next sweep anywhere takes them up at once),
     * and the interrupted run not counted as an attempt. Runners notice at their next progress check and delete their
     * partial uploads.
     */
    @Override
    public void destroy() throws InterruptedException {
        stopping = true;
        heart.shutdownNow();
        runners.shutdown();
        handBack();
        if (!runners.awaitTermination(10, TimeUnit.SECONDS)) {
            handBack();
            runners.shutdownNow();
        }
    }

    private void handBack() {
        running.forEach((id, runId) -> jobs.updateOne(
                ofRun(id, runId),
                Updates.combine(
                        Updates.set("status", "queued"),
                        Updates.unset("runId"),
                        Updates.inc("attempts", -1),
                        Updates.set("heartbeatAt", LONG_AGO))));
    }
}
