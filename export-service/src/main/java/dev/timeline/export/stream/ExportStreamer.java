package dev.timeline.export.stream;

import static dev.timeline.events.store.TimelineFields.PART_IDS;
import static dev.timeline.events.store.TimelineFields.SEARCH;
import static dev.timeline.events.store.TimelineFields.TICKET_ID;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import dev.timeline.events.store.Tickets;
import dev.timeline.export.ExportProperties;
import dev.timeline.export.format.ExportFormat;
import dev.timeline.export.format.RowWriter;
import dev.timeline.query.CustomerResolver;
import dev.timeline.query.FilterParser;
import dev.timeline.query.Scope;
import dev.timeline.query.TimelineCriteria;
import dev.timeline.query.TimelineFilter;
import dev.timeline.query.Timelines;
import dev.timeline.web.NotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/**
 * Runs an export: the timeline's own criteria and order (newest first), a cursor with a bounded batch size, one row
 * written per entry. Nothing is collected, so memory does not grow with the export.
 */
@Service
public class ExportStreamer {
    public static final String FORMAT = "format";

    private final MongoCollection<Document> timeline;
    private final ExportProperties properties;
    private final CustomerResolver resolver;
    private final MongoCollection<Document> tickets;

    ExportStreamer(MongoTemplate mongo, ExportProperties properties, CustomerResolver resolver) {
        this.timeline = mongo.getCollection(properties.collection());
        this.properties = properties;
        this.resolver = resolver;
        this.tickets = mongo.getCollection(Tickets.COLLECTION);
    }

    /**
     * A customer's timeline, resolved as the timeline service does: the survivor of any merges, with the customers
     * merged into it and its linked identities' contacts.
     */
    public Scope customer(String tenant, String customerKey) {
        return Scope.customer(resolver.resolve(tenant, customerKey));
    }

    /** What to export, checked before the response starts, so a bad request still gets a 400 problem. */
    public record Request(String tenant, Scope scope, TimelineFilter filter, ExportFormat format, ZoneId zone) {}

    public Request request(String tenant, Scope scope, Map<String, List<String>> params) {
        ZoneId zone = properties.zoneOf(tenant);
        TimelineFilter filter = FilterParser.parse(params, Set.of(FORMAT), zone);
        String format = FilterParser.single(params, FORMAT);
        Request request = new Request(tenant, scope, filter, ExportFormat.parse(format == null ? "csv" : format), zone);
        if (!Timelines.exists(timeline, tenant, scope)) {
            throw new NotFoundException("no timeline for " + scope);
        }
        return request;
    }

    /** Told the running row count every {@code every} rows; answers whether to go on. */
    public interface Progress {
        boolean proceed(long rowsWritten);
    }

    /** Writes every matching entry; returns how many. */
    public long write(Request request, OutputStream out) throws IOException {
        return write(request, out, rows -> true, Long.MAX_VALUE);
    }

    public long count(Request request) {
        return timeline.countDocuments(TimelineCriteria.of(request.tenant(), request.scope(), request.filter()));
    }

    /**
     * Writes matching entries, reporting progress; stops early, returning -1, when {@code progress} says so. Rows go
     * out a cursor batch at a time, each batch with one primary-key read of its tickets' current state.
     */
    public long write(Request request, OutputStream out, Progress progress, long every) throws IOException {
        Bson criteria = TimelineCriteria.of(request.tenant(), request.scope(), request.filter());
        long rows = 0;
        int batch = properties.batchSize();
        List<Document> page = new ArrayList<>(batch);
        try (RowWriter writer = request.format().open(out)) {
            for (Document d : timeline.find(criteria)
                    .projection(Projections.exclude(SEARCH, PART_IDS))
                    .sort(TimelineCriteria.NEWEST_FIRST)
                    .batchSize(batch)) {
                page.add(d);
                if (page.size() == batch) {
                    rows = write(request, page, writer, rows, progress, every);
                    if (rows < 0) {
                        return -1;
                    }
                }
            }
            rows = write(request, page, writer, rows, progress, every);
        }
        return rows;
    }

    private long write(Request request, List<Document> page, RowWriter writer, long rows, Progress progress, long every)
            throws IOException {
        Map<String, Document> ticketStates = Timelines.ticketStates(tickets, request.tenant(), page);
        for (Document d : page) {
            String ticketId = d.getString(TICKET_ID);
            writer.write(ExportRows.of(d, request.zone(), ticketId == null ? null : ticketStates.get(ticketId)));
            rows++;
            if (rows % every == 0 && !progress.proceed(rows)) {
                return -1;
            }
        }
        page.clear();
        return rows;
    }
}
