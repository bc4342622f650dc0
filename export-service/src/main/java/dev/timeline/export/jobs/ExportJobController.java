package dev.timeline.export.jobs;

import dev.timeline.export.format.ExportFormat;
import dev.timeline.web.ApiKeyFilter;
import dev.timeline.web.NotFoundException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** Export jobs: create (202 + Location), status with progress, cancel, download. */
@RestController
@RequestMapping("/api/v1/exports")
class ExportJobController {
    private final ExportJobs jobs;

    ExportJobController(ExportJobs jobs) {
        this.jobs = jobs;
    }

    /**
     * @param customerId one customer, or absent for the whole tenant
     * @param parameters the filters and {@code format}, as the streamed export takes them
     */
    record NewExport(@Nullable String customerId, @Nullable Map<String, List<String>> parameters) {}

    @PostMapping
    ResponseEntity<Map<String, Object>> create(
            @RequestAttribute(ApiKeyFilter.TENANT) String tenant, @RequestBody NewExport body) {
        Document job = jobs.create(tenant, body.customerId(), body.parameters() == null ? Map.of() : body.parameters());
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/exports/" + job.getString("_id")))
                .body(view(job));
    }

    @GetMapping("/{id}")
    Map<String, Object> status(@RequestAttribute(ApiKeyFilter.TENANT) String tenant, @PathVariable String id) {
        return view(jobs.get(tenant, id));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> cancel(@RequestAttribute(ApiKeyFilter.TENANT) String tenant, @PathVariable String id) {
        jobs.cancel(tenant, id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id}/file")
    ResponseEntity<StreamingResponseBody> file(
            @RequestAttribute(ApiKeyFilter.TENANT) String tenant, @PathVariable String id) {
        Document job = jobs.get(tenant, id);
        if (!"done".equals(job.getString("status"))) {
            throw new NotFoundException("export " + id + " has no file yet (status " + job.getString("status") + ")");
        }
        MediaType type = MediaType.parseMediaType(
                ExportFormat.parse(job.getString("format")).mediaType());
        return ResponseEntity.ok()
                .contentType(type)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(job.getString("filename"), StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .body(out -> jobs.download(tenant, id, out));
    }

    private static Map<String, Object> view(Document job) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", job.getString("_id"));
        view.put("status", job.getString("status"));
        view.put("format", job.getString("format"));
        view.put("customerId", job.getString("customerId"));
        long written = job.get("rowsWritten", Number.class).longValue();
        long total = job.get("estimatedTotal", Number.class).longValue();
        view.put("rowsWritten", written);
        view.put("estimatedTotal", total);
        // The total is estimated when the job is created: rows may come or go before it is done.
        boolean done = "done".equals(job.getString("status"));
        view.put("percent", done || total == 0 ? 100 : Math.min(99, written * 100 / total));
        view.put("attempts", job.get("attempts", 0));
        view.put("createdAt", job.getDate("createdAt").toInstant().toString());
        view.put("expiresAt", job.getDate("expiresAt").toInstant().toString());
        if (done) {
            view.put("download", "/api/v1/exports/" + job.getString("_id") + "/file");
            view.put("filename", job.getString("filename"));
        }
        if (job.getString("error") != null) {
            view.put("error", job.getString("error"));
        }
        return view;
    }
}
