package dev.timeline.api.timeline;

import dev.timeline.query.Scope;
import dev.timeline.web.ApiKeyFilter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Timeline", description = "A customer's or a ticket's interactions, newest first")
class TimelineController {
    private final TimelineReader reader;

    TimelineController(TimelineReader reader) {
        this.reader = reader;
    }

    @GetMapping("/customers/{customerId}/timeline")
    @TimelineQueryParameters
    @Operation(
            summary = "A customer's timeline, newest first, filtered and paged by cursor",
            description =
                    "Includes the customers merged into it and the events of its linked channel identities."
                            + " A merged customer's id or a linked anonymous contact's key gives the surviving customer's timeline.")
    TimelinePage customerTimeline(
            @RequestAttribute(ApiKeyFilter.TENANT) @Parameter(hidden = true) String tenant,
            @PathVariable @Parameter(description = "CRM id, or an anonymous contact key such as anon:zalo:4088…")
                    String customerId,
            @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> params) {
        return reader.customerPage(tenant, customerId, params);
    }

    @GetMapping("/tickets/{ticketId}/timeline")
    @TimelineQueryParameters
    @Operation(summary = "Every event of one ticket, newest first (the entry point from a ticket's detail)")
    TimelinePage ticketTimeline(
            @RequestAttribute(ApiKeyFilter.TENANT) @Parameter(hidden = true) String tenant,
            @PathVariable String ticketId,
            @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> params) {
        return reader.page(tenant, Scope.ticket(ticketId), params);
    }

    @GetMapping("/events/{eventId}")
    @Operation(summary = "One event with its full content and every detail field")
    TimelineItem event(
            @RequestAttribute(ApiKeyFilter.TENANT) @Parameter(hidden = true) String tenant,
            @PathVariable String eventId) {
        return reader.event(tenant, eventId);
    }
}
