package dev.timeline.api.live;

import dev.timeline.api.timeline.TimelineReader;
import dev.timeline.query.CustomerResolver;
import dev.timeline.query.TimelineFilter;
import dev.timeline.web.ApiKeyFilter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Live", description = "What happens to an open timeline, as Server-Sent Events")
class LiveController {
    /** Where a client that cannot set headers on its first request gives its last event id. */
    static final String LAST_EVENT_ID = "lastEventId";

    private final LiveStreams streams;
    private final TimelineReader reader;
    private final CustomerResolver resolver;

    LiveController(LiveStreams streams, TimelineReader reader, CustomerResolver resolver) {
        this.streams = streams;
        this.reader = reader;
        this.resolver = resolver;
    }

    @GetMapping(path = "/customers/{customerId}/timeline/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(
            summary = "A customer's timeline, live: new and changed entries, ticket changes, reloads, erasure",
            description = "Takes the page's filters (no paging). Events: ready, new, changed, ticket, reload, gone,"
                    + " reset, reconnect; see the README. Resume with Last-Event-ID.")
    SseEmitter customerStream(
            @RequestAttribute(ApiKeyFilter.TENANT) @Parameter(hidden = true) String tenant,
            @RequestAttribute(ApiKeyFilter.KEY_HASH) @Parameter(hidden = true) String keyHash,
            @PathVariable String customerId,
            @RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId,
            @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> params) {
        TimelineFilter filter = filter(tenant, params);
        LiveStream.Target target = new LiveStream.Target(tenant, resolver.resolve(tenant, customerId), null);
        return streams.open(target, keyHash, filter, lastEventId(lastEventId, params));
    }

    @GetMapping(path = "/tickets/{ticketId}/timeline/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "A ticket's timeline, live", description = "As the customer's stream, for one ticket.")
    SseEmitter ticketStream(
            @RequestAttribute(ApiKeyFilter.TENANT) @Parameter(hidden = true) String tenant,
            @RequestAttribute(ApiKeyFilter.KEY_HASH) @Parameter(hidden = true) String keyHash,
            @PathVariable String ticketId,
            @RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId,
            @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> params) {
        TimelineFilter filter = filter(tenant, params);
        return streams.open(
                new LiveStream.Target(tenant, null, ticketId), keyHash, filter, lastEventId(lastEventId, params));
    }

    private TimelineFilter filter(String tenant, MultiValueMap<String, String> params) {
        return reader.filter(tenant, params, Set.of(LAST_EVENT_ID, ApiKeyFilter.KEY_PARAMETER));
    }

    private static @Nullable String lastEventId(@Nullable String header, MultiValueMap<String, String> params) {
        return header != null && !header.isBlank() ? header : params.getFirst(LAST_EVENT_ID);
    }
}
