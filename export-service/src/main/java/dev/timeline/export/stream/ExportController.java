package dev.timeline.export.stream;

import dev.timeline.web.ApiKeyFilter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** The timeline's "Export" button: the customer's interactions with the filters on screen, as a file download. */
@RestController
class ExportController {
    private final ExportStreamer exports;

    ExportController(ExportStreamer exports) {
        this.exports = exports;
    }

    @GetMapping("/api/v1/customers/{customerId}/export")
    ResponseEntity<StreamingResponseBody> customer(
            @RequestAttribute(ApiKeyFilter.TENANT) String tenant,
            @PathVariable String customerId,
            @RequestParam MultiValueMap<String, String> params) {
        ExportStreamer.Request request = exports.request(tenant, exports.customer(tenant, customerId), params);
        String filename = "timeline-" + customerId.replaceAll("[^\\p{L}\\p{N}._-]", "_") + "-"
                + LocalDate.now(request.zone()) + "." + request.format().extension();
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(request.format().mediaType()))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(filename, StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .body(out -> exports.write(request, out));
    }
}
