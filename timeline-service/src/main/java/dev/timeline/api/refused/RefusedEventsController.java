package dev.timeline.api.refused;

import static dev.timeline.events.store.Refusals.*;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.timeline.api.TimelineApiProperties;
import dev.timeline.events.RejectReason;
import dev.timeline.events.store.Refusals;
import dev.timeline.query.Cursor;
import dev.timeline.query.CursorCodec;
import dev.timeline.query.FilterParser;
import dev.timeline.query.InvalidParameterException;
import dev.timeline.query.TimelineFilter;
import dev.timeline.web.ApiKeyFilter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's refused events, newest first: what the ingest service dead-lettered for this tenant, with why, so that
 * "why is this message missing?" has an answer without access to Kafka. Never the content of the record.
 */
@RestController
@Tag(name = "Refused events", description = "Records of this tenant that the ingest service refused, with the reason")
class RefusedEventsController {
    static final String REASON_PARAM = "reason";
    static final String CUSTOMER_PARAM = "customerId";
    static final String EVENT_PARAM = "eventId";
    private static final Set<String> PARAMETERS = Set.of(
            REASON_PARAM,
            CUSTOMER_PARAM,
            EVENT_PARAM,
            FilterParser.TYPE,
            FilterParser.SOURCE,
            FilterParser.FROM,
            FilterParser.TO,
            "limit",
            "cursor");

    private final MongoCollection<Document> refusals;
    private final TimelineApiProperties properties;
    private final CursorCodec cursors;

    RefusedEventsController(MongoTemplate mongo, TimelineApiProperties properties, CursorCodec cursors) {
        this.refusals = mongo.getCollection(Refusals.COLLECTION);
        this.properties = properties;
        this.cursors = cursors;
    }

    record RefusedEvent(
            String id,
            Instant refusedAt,
            String reason,
            String message,
            @Nullable String source,
            @Nullable String type,
            @Nullable String eventId,
            @Nullable Instant time,
            @Nullable String customerId,
            String topic,
            int partition,
            long offset,
            int sizeBytes,
            String deadLetter) {}

    record RefusedEventsPage(
            List<RefusedEvent> items, @Nullable String nextCursor, int limit) {}

    @GetMapping("/api/v1/refused-events")
    @Operation(
            summary = "The tenant's refused events, newest first",
            description = "Filters: reason (e.g. SCHEMA_VIOLATION), type, source, customerId, eventId, from, to (when"
                    + " refused: a date or an RFC 3339 timestamp); limit and cursor as on the timeline.")
    RefusedEventsPage refused(
            @RequestAttribute(ApiKeyFilter.TENANT) @Parameter(hidden = true) String tenant,
            @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> params) {
        for (String name : params.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new InvalidParameterException(name, "unknown parameter; allowed: " + PARAMETERS);
            }
        }
        Map<String, List<String>> range = new LinkedHashMap<>();
        for (String name : List.of(FilterParser.FROM, FilterParser.TO)) {
            if (params.containsKey(name)) {
                range.put(name, params.get(name));
            }
        }
        TimelineFilter time = FilterParser.parse(range, Set.of(), properties.zoneOf(tenant));
        int limit = FilterParser.intParameter(params, "limit", properties.defaultLimit(), 1, properties.maxLimit());
        List<Bson> criteria = new ArrayList<>(List.of(Filters.eq(TENANT, tenant)));
        List<String> reasons = values(params, REASON_PARAM);
        for (String reason : reasons) {
            if (Arrays.stream(RejectReason.values()).noneMatch(r -> r.name().equals(reason))) {
                throw new InvalidParameterException(
                        REASON_PARAM, "'" + reason + "' is not one of " + Arrays.toString(RejectReason.values()));
            }
        }
        add(criteria, REASON, reasons);
        add(criteria, TYPE, values(params, FilterParser.TYPE));
        add(criteria, SOURCE, values(params, FilterParser.SOURCE));
        add(criteria, CUSTOMER, values(params, CUSTOMER_PARAM));
        add(criteria, EVENT_ID, values(params, EVENT_PARAM));
        if (time.from() != null) {
            criteria.add(Filters.gte(REFUSED_AT, Date.from(time.from())));
        }
        if (time.to() != null) {
            criteria.add(Filters.lte(REFUSED_AT, Date.from(time.to())));
        }
        String context = "refused|" + tenant + "|"
                + new java.util.TreeMap<>(params)
                        .entrySet().stream()
                                .filter(e -> !e.getKey().equals("cursor")
                                        && !e.getKey().equals("limit"))
                                .toList();
        String token = FilterParser.single(params, "cursor");
        if (token != null) {
            Cursor after = cursors.decode(token, context);
            Date at = Date.from(after.occurredAt());
            criteria.add(Filters.or(
                    Filters.lt(REFUSED_AT, at),
                    Filters.and(Filters.eq(REFUSED_AT, at), Filters.lt("_id", after.id()))));
        }
        List<Document> documents = refusals.find(Filters.and(criteria))
                .sort(Sorts.descending(REFUSED_AT, "_id"))
                .limit(limit + 1)
                .into(new ArrayList<>());
        String next = null;
        if (documents.size() > limit) {
            documents.remove(limit);
            Document last = documents.get(limit - 1);
            next = cursors.encode(new Cursor(last.getDate(REFUSED_AT).toInstant(), last.getString("_id")), context);
        }
        return new RefusedEventsPage(
                documents.stream().map(RefusedEventsController::item).toList(), next, limit);
    }

    private static RefusedEvent item(Document d) {
        Date time = d.getDate(TIME);
        return new RefusedEvent(
                d.getString("_id"),
                d.getDate(REFUSED_AT).toInstant(),
                d.getString(REASON),
                d.getString(MESSAGE),
                d.getString(SOURCE),
                d.getString(TYPE),
                d.getString(EVENT_ID),
                time == null ? null : time.toInstant(),
                d.getString(CUSTOMER),
                d.getString(TOPIC),
                d.getInteger(PARTITION, 0),
                ((Number) d.get(OFFSET)).longValue(),
                d.getInteger(SIZE, 0),
                d.getString(DEAD_LETTER));
    }

    private static List<String> values(MultiValueMap<String, String> params, String name) {
        List<String> values = new ArrayList<>();
        for (String value : params.getOrDefault(name, List.of())) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    values.add(part.strip());
                }
            }
        }
        return values;
    }

    private static void add(List<Bson> criteria, String field, List<String> values) {
        if (!values.isEmpty()) {
            criteria.add(Filters.in(field, values));
        }
    }
}
