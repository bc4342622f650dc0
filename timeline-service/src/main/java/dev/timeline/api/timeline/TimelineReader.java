package dev.timeline.api.timeline;

import static dev.timeline.events.store.TimelineFields.*;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.timeline.api.TimelineApiProperties;
import dev.timeline.events.Channel;
import dev.timeline.events.EventType;
import dev.timeline.events.store.Summaries;
import dev.timeline.events.store.Tickets;
import dev.timeline.query.Cursor;
import dev.timeline.query.CursorCodec;
import dev.timeline.query.CustomerResolver;
import dev.timeline.query.FilterParser;
import dev.timeline.query.ResolvedCustomer;
import dev.timeline.query.Scope;
import dev.timeline.query.TimelineCriteria;
import dev.timeline.query.TimelineFilter;
import dev.timeline.query.Timelines;
import dev.timeline.web.NotFoundException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/**
 * Reads pages of a timeline: one indexed range query per page, plus one by primary key for the current state of the
 * tickets on it. A customer's key is first resolved ({@link CustomerResolver}) to every key of its timeline.
 */
@Service
public class TimelineReader {
    public static final String LIMIT = "limit";
    public static final String CURSOR = "cursor";
    static final int CONTENT_MAX = 1000;
    private static final Logger log = LoggerFactory.getLogger(TimelineReader.class);
    private static final Bson WITHOUT_SEARCH_TEXT = Projections.exclude(SEARCH, PART_IDS);

    private final MongoCollection<Document> timeline;
    private final TimelineApiProperties properties;
    private final CursorCodec cursors;
    private final MongoCollection<Document> tickets;
    private final CustomerResolver resolver;

    TimelineReader(
            MongoTemplate mongo, TimelineApiProperties properties, CustomerResolver resolver, CursorCodec cursors) {
        this.timeline = mongo.getCollection(properties.collection());
        this.tickets = mongo.getCollection(Tickets.COLLECTION);
        this.resolver = resolver;
        this.properties = properties;
        this.cursors = cursors;
    }

    /** A customer's timeline: the key is resolved through links and merges first. */
    public TimelinePage customerPage(String tenant, String customerKey, Map<String, List<String>> params) {
        ResolvedCustomer customer = resolver.resolve(tenant, customerKey);
        TimelinePage page = page(tenant, Scope.customer(customer), params);
        return page.of(new TimelinePage.Customer(customer.customerId(), customer.requested(), customer.mergedIds()));
    }

    public TimelinePage page(String tenant, Scope scope, Map<String, List<String>> params) {
        TimelineFilter filter = FilterParser.parse(params, Set.of(LIMIT, CURSOR), properties.zoneOf(tenant));
        int limit = FilterParser.intParameter(params, LIMIT, properties.defaultLimit(), 1, properties.maxLimit());
        String context = tenant + "|" + scope.field() + "=" + scope.name() + "|" + filter.fingerprint();
        String token = FilterParser.single(params, CURSOR);
        Cursor after = token == null ? null : cursors.decode(token, context);

        List<Document> docs = timeline.find(TimelineCriteria.after(TimelineCriteria.of(tenant, scope, filter), after))
                .projection(WITHOUT_SEARCH_TEXT)
                .sort(TimelineCriteria.NEWEST_FIRST)
                .limit(limit + 1)
                .batchSize(limit + 1)
                .into(new ArrayList<>(limit + 1));
        boolean more = docs.size() > limit;
        if (more) {
            docs.remove(limit);
        }
        if (docs.isEmpty() && after == null && !Timelines.exists(timeline, tenant, scope)) {
            throw new NotFoundException("no timeline for " + scope);
        }
        Map<String, Document> tickets = Timelines.ticketStates(this.tickets, tenant, docs);
        List<TimelineItem> items =
                docs.stream().map(d -> item(tenant, d, tickets, true)).toList();
        String next = null;
        if (more) {
            Document last = docs.get(docs.size() - 1);
            next = cursors.encode(new Cursor(last.getDate(OCCURRED_AT).toInstant(), last.getString(ID)), context);
        }
        return new TimelinePage(items, next, limit, null);
    }

    /**
     * The entries among {@code ids} that are on {@code scope}'s timeline and pass {@code filter}, as a page shows them,
     * by id.
     */
    public Map<String, TimelineItem> entries(String tenant, Scope scope, TimelineFilter filter, List<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        List<Document> docs = timeline.find(
                        Filters.and(TimelineCriteria.of(tenant, scope, filter), Filters.in(ID, ids)))
                .projection(WITHOUT_SEARCH_TEXT)
                .into(new ArrayList<>(ids.size()));
        Map<String, Document> tickets = Timelines.ticketStates(this.tickets, tenant, docs);
        Map<String, TimelineItem> items = new java.util.HashMap<>();
        for (Document d : docs) {
            items.put(d.getString(ID), item(tenant, d, tickets, true));
        }
        return items;
    }

    /** A ticket as every entry of it shows it now. */
    public TimelineItem.TicketLink ticket(String tenant, String ticketId) {
        Document entry = new Document(TICKET_ID, ticketId);
        return ticket(
                tenant,
                ticketId,
                Timelines.ticketStates(tickets, tenant, List.of(entry)).get(ticketId));
    }

    /** The filters of a page, from its parameters (paging ones refused where {@code paged} is false). */
    public TimelineFilter filter(String tenant, Map<String, List<String>> params, Set<String> allowed) {
        return FilterParser.parse(params, allowed, properties.zoneOf(tenant));
    }

    public TimelineItem event(String tenant, String id) {
        Document doc = timeline.find(Filters.and(Filters.eq(TENANT, tenant), Filters.eq(ID, id)))
                .projection(WITHOUT_SEARCH_TEXT)
                .first();
        if (doc == null) {
            throw new NotFoundException("no event " + id);
        }
        return item(tenant, doc, Timelines.ticketStates(tickets, tenant, List.of(doc)), false);
    }

    @SuppressWarnings("unchecked")
    private TimelineItem item(String tenant, Document d, Map<String, Document> tickets, boolean list) {
        String channel = d.getString(CHANNEL);
        String content = d.getString(CONTENT);
        String summary = Summaries.of(d.getString(SUMMARY), content);
        Boolean truncated = null;
        if (list && content != null && content.length() > CONTENT_MAX) {
            content = content.substring(0, CONTENT_MAX);
            truncated = true;
        }
        Document staff = d.get(STAFF, Document.class);
        String ticketId = d.getString(TICKET_ID);
        Document detail = d.get(DETAIL, Document.class);
        TimelineItem.EmailTracking email = null;
        if (EventType.EMAIL_SENT.wire().equals(d.getString(TYPE)) && detail != null) {
            email = new TimelineItem.EmailTracking(
                    Boolean.TRUE.equals(detail.getBoolean("delivered")),
                    Boolean.TRUE.equals(detail.getBoolean("opened")),
                    instant(detail.getDate("firstOpenedAt")),
                    instant(detail.getDate("lastOpenedAt")),
                    detail.getInteger("openCount", 0),
                    detail.getInteger("clickCount", 0));
        }
        List<Map<String, Object>> attachments = new ArrayList<>();
        for (Document a : d.getList(ATTACHMENTS, Document.class, List.of())) {
            attachments.add(a);
        }
        return new TimelineItem(
                d.getString(ID),
                d.getDate(OCCURRED_AT).toInstant(),
                d.getString(TYPE),
                d.getString(KIND),
                d.getString(NAME),
                channel,
                channelLabel(channel),
                d.getString(DIRECTION),
                d.getString(SOURCE),
                d.getString(CUSTOMER_ID),
                summary,
                content,
                truncated,
                staff == null ? null : new TimelineItem.Person(staff.getString("id"), staff.getString("name")),
                ticketId == null ? null : ticket(tenant, ticketId, tickets.get(ticketId)),
                attachments,
                detail == null ? Map.of() : (Map<String, Object>) (Map<?, ?>) detail,
                email,
                history(d));
    }

    private static @Nullable List<TimelineItem.Step> history(Document d) {
        List<Document> history = d.getList(HISTORY, Document.class);
        return history == null
                ? null
                : history.stream()
                        .map(h -> new TimelineItem.Step(
                                h.getString("type"), h.getDate("at").toInstant()))
                        .toList();
    }

    private TimelineItem.TicketLink ticket(String tenant, String ticketId, @Nullable Document state) {
        String url = properties.ticketUrl(tenant, ticketId);
        if (state == null) {
            return new TimelineItem.TicketLink(ticketId, url, null, null, null);
        }
        return new TimelineItem.TicketLink(
                ticketId,
                url,
                state.getString(Tickets.TITLE),
                state.getString(Tickets.PRIORITY),
                state.getString(Tickets.STATUS));
    }

    private static @Nullable Instant instant(@Nullable Date date) {
        return date == null ? null : date.toInstant();
    }

    /** A channel's display name; a channel newer than this service shows as itself. */
    public static String channelLabel(@Nullable String channel) {
        if (channel == null) {
            return "";
        }
        try {
            return Channel.fromWire(channel).label();
        } catch (IllegalArgumentException newerThanThisService) {
            return channel;
        }
    }
}
