package dev.timeline.api.chart;

import dev.timeline.web.ApiKeyFilter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.Parameters;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Chart", description = "The interaction chart above a customer's timeline")
class ChartController {
    private final ChartBuilder charts;

    ChartController(ChartBuilder charts) {
        this.charts = charts;
    }

    @GetMapping("/api/v1/customers/{customerId}/chart")
    @Operation(
            summary = "Interactions per channel and accumulated engagement score, per bucket of the tenant's calendar")
    @Parameters({
        @Parameter(
                in = ParameterIn.QUERY,
                name = "bucket",
                description = "auto (default: day up to 2 months, week up to a year, else month), day, week or month"),
        @Parameter(in = ParameterIn.QUERY, name = "series", description = "interactions, score, or both (default)"),
        @Parameter(in = ParameterIn.QUERY, name = "from", description = "a date or RFC 3339 timestamp"),
        @Parameter(in = ParameterIn.QUERY, name = "to", description = "a date or RFC 3339 timestamp")
    })
    Chart chart(
            @RequestAttribute(ApiKeyFilter.TENANT) @Parameter(hidden = true) String tenant,
            @PathVariable String customerId,
            @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> params) {
        return charts.build(tenant, customerId, params);
    }
}
