package dev.timeline.api.facets;

import static dev.timeline.events.store.TimelineFields.*;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Projections;
import dev.timeline.api.TimelineApiProperties;
import dev.timeline.api.timeline.TimelinePage;
import dev.timeline.api.timeline.TimelineReader;
import dev.timeline.events.EventType;
import dev.timeline.query.CustomerResolver;
import dev.timeline.query.FilterParser;
import dev.timeline.query.ResolvedCustomer;
import dev.timeline.query.Scope;
import dev.timeline.query.TimelineCriteria;
import dev.timeline.query.TimelineFilter;
import dev.timeline.query.Timelines;
import dev.timeline.web.NotFoundException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.bson.Document;
import org.bson.codecs.configuration.CodecRegistries;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/**
 * Counts a timeline's facets in one read of the entries that pass the filters no list is about (the text filter and
 * the date range), projected to the fields the lists are about. On a customer's timeline those fields are all keys of
 * {@code customer_timeline}: MongoDB answers from the index alone (a covered query); the local store reads the stored
 * bytes, as it covers only top-level fields. Each entry is then checked against each list's filter in Java, and
 * counted in a list when it passes all the others. Staff names are not in the key: one more read, newest first, stops
 * once every staff member counted has a name.
 */
@Service
public class FacetsBuilder {
    /** Rows per reply, as the chart's: five short fields each. */
    private static final int BATCH = 10_000;

    private static final int NAME = 0;
    private static final int TYPES = 1;
    private static final int SOURCES = 2;
    private static final int CHANNELS = 3;
    private static final int DIRECTIONS = 4;
    private static final int STAFF_IDS = 5;

    private final MongoCollection<Document> timeline;
    private final MongoCollection<FacetRow> rows;
    private final TimelineApiProperties properties;
    private final CustomerResolver resolver;

    FacetsBuilder(MongoTemplate mongo, TimelineApiProperties properties, CustomerResolver resolver) {
        this.timeline = mongo.getCollection(properties.collection());
        this.rows = timeline.withCodecRegistry(
                        CodecRegistries.fromRegistries(FacetRow.CODEC, timeline.getCodecRegistry()))
                .withDocumentClass(FacetRow.class);
        this.properties = properties;
        this.resolver = resolver;
    }

    public Facets customer(String tenant, String customerKey, Map<String, List<String>> params) {
        TimelineFilter filter = FilterParser.parse(params, Set.of(), properties.zoneOf(tenant));
        ResolvedCustomer customer = resolver.resolve(tenant, customerKey);
        return count(
                tenant,
                Scope.customer(customer),
                filter,
                new TimelinePage.Customer(customer.customerId(), customer.requested(), customer.mergedIds()));
    }

    public Facets ticket(String tenant, String ticketId, Map<String, List<String>> params) {
        TimelineFilter filter = FilterParser.parse(params, Set.of(), properties.zoneOf(tenant));
        return count(tenant, Scope.ticket(ticketId), filter, null);
    }

    private Facets count(String tenant, Scope scope, TimelineFilter filter, TimelinePage.@Nullable Customer customer) {
        TimelineFilter unlisted = new TimelineFilter(
                filter.words(),
                Set.of(),
                Set.of(),
                Set.of(),
                Set.of(),
                Set.of(),
                Set.of(),
                Set.of(),
                filter.from(),
                filter.to());
        List<Map<String, Long>> lists = new ArrayList<>();
        for (int i = 0; i <= STAFF_IDS; i++) {
            lists.add(new HashMap<>());
        }
        long total = 0;
        boolean any = false;
        for (FacetRow row : rows.find(TimelineCriteria.of(tenant, scope, unlisted))
                .projection(Projections.fields(
                        Projections.include(TYPE, CHANNEL, SOURCE, DIRECTION, STAFF + ".id"), Projections.excludeId()))
                .sort(TimelineCriteria.NEWEST_FIRST)
                .batchSize(BATCH)) {
            any = true;
            boolean[] passes = {
                true,
                in(row.type(), filter.types()) && !has(filter.excludedTypes(), row.type()),
                in(row.source(), filter.sources()) && !has(filter.excludedSources(), row.source()),
                in(row.channel(), filter.channels()),
                in(row.direction(), filter.directions()),
                in(row.staffId(), filter.staff())
            };
            int failing = -1;
            int failures = 0;
            for (int i = TYPES; i <= STAFF_IDS; i++) {
                if (!passes[i]) {
                    failing = i;
                    failures++;
                }
            }
            if (failures > 1) {
                continue;
            }
            if (failures == 0) {
                total++;
            }
            // A name is its type's: both lists leave out the type filters, so both count this entry when only those
            // fail.
            String[] values = {name(row.type()), row.type(), row.source(), row.channel(), row.direction(), row.staffId()
            };
            for (int i = NAME; i <= STAFF_IDS; i++) {
                boolean own = i == failing || (i == NAME && failing == TYPES);
                if ((failures == 0 || own) && values[i] != null) {
                    lists.get(i).merge(values[i], 1L, Long::sum);
                }
            }
        }
        if (!any && !Timelines.exists(timeline, tenant, scope)) {
            throw new NotFoundException("no timeline for " + scope);
        }
        Map<String, String> staffNames =
                staffNames(tenant, scope, lists.get(STAFF_IDS).keySet());
        return new Facets(
                total,
                values(lists.get(NAME), name -> name),
                values(lists.get(TYPES), FacetsBuilder::name),
                values(lists.get(SOURCES), source -> source),
                values(lists.get(CHANNELS), TimelineReader::channelLabel),
                values(lists.get(DIRECTIONS), direction -> direction),
                values(lists.get(STAFF_IDS), id -> staffNames.getOrDefault(id, id)),
                customer);
    }

    /** The latest name each staff member had on this timeline: the newest entry of each is read, no more. */
    private Map<String, String> staffNames(String tenant, Scope scope, Set<String> ids) {
        Map<String, String> names = new HashMap<>();
        if (ids.isEmpty()) {
            return names;
        }
        TimelineFilter ofStaff = new TimelineFilter(
                List.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.copyOf(ids), null, null);
        try (MongoCursor<Document> cursor = timeline.find(TimelineCriteria.of(tenant, scope, ofStaff))
                .projection(Projections.fields(Projections.include(STAFF), Projections.excludeId()))
                .sort(TimelineCriteria.NEWEST_FIRST)
                .batchSize(100)
                .cursor()) {
            while (names.size() < ids.size() && cursor.hasNext()) {
                Document staff = cursor.next().get(STAFF, Document.class);
                if (staff != null && staff.getString("id") != null && staff.getString("name") != null) {
                    names.putIfAbsent(staff.getString("id"), staff.getString("name"));
                }
            }
        }
        return names;
    }

    /** As {@code $in} with the filter's values: a missing field is none of them. */
    private static boolean in(@Nullable String value, Set<String> chosen) {
        return chosen.isEmpty() || has(chosen, value);
    }

    private static boolean has(Set<String> values, @Nullable String value) {
        return value != null && values.contains(value);
    }

    private static @Nullable String name(@Nullable String type) {
        return type == null
                ? null
                : EventType.ofWire(type).map(EventType::displayName).orElse(type);
    }

    /** Most entries first; equal counts in the order of their values, so the same data gives the same list. */
    private static List<Facets.Value> values(Map<String, Long> counts, Function<String, String> label) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(e -> new Facets.Value(e.getKey(), label.apply(e.getKey()), e.getValue()))
                .toList();
    }
}
