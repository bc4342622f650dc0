package dev.timeline.api.chart;

import static dev.timeline.events.store.TimelineFields.*;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.timeline.api.TimelineApiProperties;
import dev.timeline.events.EventType;
import dev.timeline.events.Kind;
import dev.timeline.query.CustomerResolver;
import dev.timeline.query.FilterParser;
import dev.timeline.query.InvalidParameterException;
import dev.timeline.query.ResolvedCustomer;
import dev.timeline.query.Scope;
import dev.timeline.query.TimelineCriteria;
import dev.timeline.query.TimelineFilter;
import dev.timeline.query.Timelines;
import dev.timeline.web.NotFoundException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/**
 * Builds the chart by streaming the customer's events once, newest first (time, channel, kind, score total only,
 * decoded as {@link ChartRow}s), bucketing in the
 * tenant's time zone in Java: portable across MongoDB servers ({@code $dateTrunc} is not everywhere) and flat in
 * memory (one counter per bucket and channel). A range with {@code from} reads one more document, the last score
 * change before it, so the score series starts where the customer stood.
 */
@Service
public class ChartBuilder {
    static final String BUCKET = "bucket";
    static final String SERIES = "series";
    static final int MAX_BUCKETS = 1000;
    /** Rows per reply: a chart row is four short fields, so few round trips for a customer's whole history. */
    private static final int BATCH = 10_000;

    private static final Set<String> BUCKETS = Set.of("auto", "day", "week", "month");

    private final MongoCollection<Document> timeline;
    private final MongoCollection<ChartRow> rows;
    private final TimelineApiProperties properties;
    private final CustomerResolver resolver;

    public ChartBuilder(MongoTemplate mongo, TimelineApiProperties properties, CustomerResolver resolver) {
        this.timeline = mongo.getCollection(properties.collection());
        this.rows = timeline.withCodecRegistry(
                        CodecRegistries.fromRegistries(ChartRow.CODEC, timeline.getCodecRegistry()))
                .withDocumentClass(ChartRow.class);
        this.resolver = resolver;
        this.properties = properties;
    }

    public Chart build(String tenant, String customerId, Map<String, List<String>> params) {
        ZoneId zone = properties.zoneOf(tenant);
        Map<String, List<String>> filterParams = new LinkedHashMap<>(params);
        filterParams.keySet().removeAll(Set.of(BUCKET, SERIES));
        for (String name : filterParams.keySet()) {
            if (!name.equals(FilterParser.FROM) && !name.equals(FilterParser.TO)) {
                throw new InvalidParameterException(
                        name, "unknown parameter; the chart takes bucket, series, from, to");
            }
        }
        TimelineFilter range = FilterParser.parse(filterParams, Set.of(), zone);
        String bucketParam = FilterParser.single(params, BUCKET);
        String bucket = bucketParam == null ? "auto" : bucketParam.strip();
        if (!BUCKETS.contains(bucket)) {
            throw new InvalidParameterException(BUCKET, "'" + bucket + "' is not one of [auto, day, week, month]");
        }
        Set<String> series = series(params);

        TreeMap<LocalDate, Map<String, Integer>> counts = new TreeMap<>();
        TreeMap<LocalDate, Long> scoreByDay = new TreeMap<>();
        Map<String, Long> oldestSighting = new HashMap<>();
        LocalDate first = null;
        LocalDate last = null;
        ResolvedCustomer customer = resolver.resolve(tenant, customerId);
        Scope scope = Scope.customer(customer);
        Days days = new Days(zone);
        Bson criteria = TimelineCriteria.of(tenant, scope, range);
        long seen = 0;
        // Newest first, the index's own order, and only fields the customer-timeline key holds: a covered query,
        // answered from the index without reading a document (MongoDB's and the local store's). CRM entries (score
        // changes among them) are not interactions: skipped here, since a condition on the key costs the local store
        // more per entry (a match) than sending the kind does.
        for (ChartRow row : rows.find(criteria)
                .projection(
                        Projections.fields(Projections.include(OCCURRED_AT, CHANNEL, KIND), Projections.excludeId()))
                .sort(TimelineCriteria.NEWEST_FIRST)
                .batchSize(BATCH)) {
            if (row.occurredAt() == Long.MIN_VALUE || Kind.CRM.wire().equals(row.kind())) {
                continue; // not a timeline entry (every entry has its time), or not an interaction
            }
            LocalDate day = days.of(row.occurredAt());
            first = day;
            last = last == null ? day : last;
            seen++;
            String channel = row.channel();
            oldestSighting.put(channel, seen);
            counts.computeIfAbsent(day, k -> new TreeMap<>()).merge(channel, 1, Integer::sum);
        }
        if (series.contains("score")) {
            // The score's total is in the document: only score changes are read (their type is checked on the key).
            for (ChartRow row : rows.find(Filters.and(criteria, Filters.eq(TYPE, EventType.SCORE_CHANGED.wire())))
                    .projection(Projections.fields(
                            Projections.include(OCCURRED_AT, DETAIL + ".total"), Projections.excludeId()))
                    .sort(TimelineCriteria.NEWEST_FIRST)
                    .batchSize(BATCH)) {
                if (row.occurredAt() != Long.MIN_VALUE && row.total() != null) {
                    LocalDate day = days.of(row.occurredAt());
                    scoreByDay.putIfAbsent(day, row.total()); // the day's latest comes first
                    first = first == null || day.isBefore(first) ? day : first;
                    last = last == null || day.isAfter(last) ? day : last;
                }
            }
        }
        // Channels in the order they first appear in time: the one sighted last (oldest) first.
        List<String> channels = oldestSighting.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(Map.Entry::getKey)
                .toList();
        if (first == null && !Timelines.exists(timeline, tenant, scope)) {
            throw new NotFoundException("no timeline for customer " + customerId);
        }
        // The asked range wins over the span of the events, so a chart of a quiet period still has its buckets.
        if (range.from() != null) {
            first = range.from().atZone(zone).toLocalDate();
        }
        if (range.to() != null) {
            last = range.to().atZone(zone).toLocalDate();
        }
        if (first == null || last == null) {
            return new Chart(
                    customer.customerId(), bucket.equals("auto") ? "day" : bucket, zone.getId(), List.of(), List.of());
        }
        String size = bucket.equals("auto") ? auto(first, last) : bucket;
        long scoreBefore =
                range.from() != null && series.contains("score") ? scoreBefore(tenant, scope, range.from()) : 0L;
        return new Chart(
                customer.customerId(),
                size,
                zone.getId(),
                channels,
                points(size, first, last, counts, scoreByDay, scoreBefore, series));
    }

    /**
     * The accumulated score when the range opens: the total of the last score change before it (0 if none). One
     * document from the customer-timeline index, read newest first.
     */
    private long scoreBefore(String tenant, Scope scope, Instant from) {
        Document last = timeline.find(Filters.and(
                        Filters.eq(TENANT, tenant),
                        scope.criterion(),
                        Filters.eq(TYPE, EventType.SCORE_CHANGED.wire()),
                        Filters.lt(OCCURRED_AT, Date.from(from))))
                .projection(Projections.include(DETAIL + ".total"))
                .sort(TimelineCriteria.NEWEST_FIRST)
                .limit(1)
                .first();
        Document detail = last == null ? null : last.get(DETAIL, Document.class);
        return detail != null && detail.get("total") instanceof Number total ? total.longValue() : 0L;
    }

    private static List<Chart.Point> points(
            String size,
            LocalDate first,
            LocalDate last,
            TreeMap<LocalDate, Map<String, Integer>> counts,
            TreeMap<LocalDate, Long> scoreByDay,
            long scoreBefore,
            Set<String> series) {
        List<Chart.Point> points = new ArrayList<>();
        LocalDate start = startOf(size, first);
        if (count(size, start, last) > MAX_BUCKETS) {
            throw new InvalidParameterException(
                    BUCKET,
                    "more than " + MAX_BUCKETS + " " + size
                            + " buckets in this range; choose a larger bucket or narrow from/to");
        }
        boolean interactions = series.contains("interactions");
        boolean score = series.contains("score");
        while (!start.isAfter(last)) {
            LocalDate end = next(size, start);
            Map<String, Integer> perChannel = new TreeMap<>();
            for (var day : ((TreeMap<LocalDate, Map<String, Integer>>) counts)
                    .subMap(start, end)
                    .values()) {
                day.forEach((channel, n) -> perChannel.merge(channel, n, Integer::sum));
            }
            var lastScore = scoreByDay.lowerEntry(end);
            points.add(new Chart.Point(
                    start,
                    end.minusDays(1),
                    interactions ? perChannel : null,
                    interactions
                            ? perChannel.values().stream()
                                    .mapToInt(Integer::intValue)
                                    .sum()
                            : null,
                    score ? (lastScore == null ? scoreBefore : lastScore.getValue()) : null));
            start = end;
        }
        return points;
    }

    private static Set<String> series(Map<String, List<String>> params) {
        String raw = FilterParser.single(params, SERIES);
        if (raw == null || raw.isBlank()) {
            return Set.of("interactions", "score");
        }
        Set<String> series = new LinkedHashSet<>();
        for (String s : raw.split(",")) {
            String name = s.strip();
            if (!name.equals("interactions") && !name.equals("score")) {
                throw new InvalidParameterException(SERIES, "'" + name + "' is not one of [interactions, score]");
            }
            series.add(name);
        }
        return series;
    }

    /** Days for up to two months, weeks for up to a year, months beyond. */
    static String auto(LocalDate first, LocalDate last) {
        long days = ChronoUnit.DAYS.between(first, last);
        return days <= 62 ? "day" : days <= 366 ? "week" : "month";
    }

    static LocalDate startOf(String size, LocalDate day) {
        return switch (size) {
            case "week" -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case "month" -> day.withDayOfMonth(1);
            default -> day;
        };
    }

    private static LocalDate next(String size, LocalDate start) {
        return switch (size) {
            case "week" -> start.plusWeeks(1);
            case "month" -> start.plusMonths(1);
            default -> start.plusDays(1);
        };
    }

    private static long count(String size, LocalDate start, LocalDate last) {
        return switch (size) {
            case "week" -> ChronoUnit.WEEKS.between(start, last) + 1;
            case "month" -> ChronoUnit.MONTHS.between(start, last) + 1;
            default -> ChronoUnit.DAYS.between(start, last) + 1;
        };
    }
}
