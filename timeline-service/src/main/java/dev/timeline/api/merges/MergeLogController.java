package dev.timeline.api.merges;

import static dev.timeline.events.store.CustomerLinks.*;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.timeline.api.TimelineApiProperties;
import dev.timeline.query.CustomerResolver;
import dev.timeline.query.ResolvedCustomer;
import dev.timeline.query.Scope;
import dev.timeline.query.Timelines;
import dev.timeline.web.ApiKeyFilter;
import dev.timeline.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/** The merge log of a customer: every merge into it (or of it) and every undo, newest first. */
@RestController
@Tag(name = "Merges", description = "Hợp nhất khách hàng: what was merged into whom, and what was undone")
class MergeLogController {
    static final int MAX = 500;

    private final MongoCollection<Document> log;
    private final MongoCollection<Document> timeline;
    private final CustomerResolver resolver;

    MergeLogController(MongoTemplate mongo, TimelineApiProperties properties, CustomerResolver resolver) {
        this.log = mongo.getCollection(MERGE_LOG);
        this.timeline = mongo.getCollection(properties.collection());
        this.resolver = resolver;
    }

    record MergeLogEntry(
            String action,
            String survivorId,
            String mergedId,
            Instant at,
            @Nullable String staffId,
            String eventId) {}

    record MergeLog(String customerId, List<String> mergedIds, List<MergeLogEntry> entries) {}

    @GetMapping("/api/v1/customers/{customerId}/merges")
    @Operation(summary = "The merges and undos involving a customer and the customers merged into it, newest first")
    MergeLog merges(
            @RequestAttribute(ApiKeyFilter.TENANT) @Parameter(hidden = true) String tenant,
            @PathVariable String customerId) {
        ResolvedCustomer customer = resolver.resolve(tenant, customerId);
        Set<String> ids = new LinkedHashSet<>(customer.mergedIds());
        ids.add(customer.customerId());
        ids.add(customerId);
        List<MergeLogEntry> entries = new ArrayList<>();
        for (Document d : log.find(Filters.and(
                        Filters.eq(TENANT, tenant),
                        Filters.or(Filters.in(SURVIVOR_ID, List.copyOf(ids)), Filters.in(MERGED_ID, List.copyOf(ids)))))
                .sort(Sorts.descending(AT, "_id"))
                .limit(MAX)) {
            entries.add(new MergeLogEntry(
                    d.getString(ACTION),
                    d.getString(SURVIVOR_ID),
                    d.getString(MERGED_ID),
                    d.getDate(AT).toInstant(),
                    d.getString(STAFF),
                    d.getString(EVENT_ID)));
        }
        if (entries.isEmpty() && !Timelines.exists(timeline, tenant, Scope.customer(customer))) {
            throw new NotFoundException("no timeline for customer " + customerId);
        }
        return new MergeLog(customer.customerId(), customer.mergedIds(), entries);
    }
}
