package dev.timeline.api.facets;

import dev.timeline.api.timeline.TimelineQueryParameters;
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
@Tag(name = "Facets", description = "What a timeline holds, with counts: the choices of its filters")
class FacetsController {
    private final FacetsBuilder facets;

    FacetsController(FacetsBuilder facets) {
        this.facets = facets;
    }

    @GetMapping("/customers/{customerId}/facets")
    @TimelineQueryParameters(paged = false)
    @Operation(
            summary = "The event names, types, sources, channels, directions and staff of a customer's timeline",
            description = "Takes the timeline's filters (no paging). Each list counts the entries that pass every"
                    + " other filter, so a drop-down shows what each choice would give.")
    Facets customerFacets(
            @RequestAttribute(ApiKeyFilter.TENANT) @Parameter(hidden = true) String tenant,
            @PathVariable String customerId,
            @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> params) {
        return facets.customer(tenant, customerId, params);
    }

    @GetMapping("/tickets/{ticketId}/facets")
    @TimelineQueryParameters(paged = false)
    @Operation(summary = "The same lists for one ticket's timeline")
    Facets ticketFacets(
            @RequestAttribute(ApiKeyFilter.TENANT) @Parameter(hidden = true) String tenant,
            @PathVariable String ticketId,
            @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> params) {
        return facets.ticket(tenant, ticketId, params);
    }
}
