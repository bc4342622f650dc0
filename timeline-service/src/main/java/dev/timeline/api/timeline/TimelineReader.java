package dev.timeline.api.timeline;

import static dev.timeline.events.store.TimelineFields.*;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.timeline.api.TimelineApiProperties;
import dev.timeline.events.Channel;
import dev.timeline.events.EventType;
import dev.timeline.query.Cursor;
import dev.timeline.query.CursorCodec;
import dev.timeline.query.FilterParser;
import dev.timeline.query.Scope;
import dev.timeline.query.TimelineCriteria;
import dev.timeline.query.TimelineFilter;
import dev.timeline.web.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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

/** Reads pages of a timeline: one indexed range query per page, plus one for the opens of the e-mails on it. */
@Service
public class TimelineReader {
    public static final String LIMIT = "limit";
    public static final String CURSOR = "cursor";
    static final int CONTENT_MAX = 1000;
    private static final Logger log = LoggerFactory.getLogger(TimelineReader.class);
    private static final Bson WITHOUT_SEARCH_TEXT = Projections.exclude(SEARCH);

    private final MongoCollection<Document> timeline;
    private final TimelineApiProperties properties;
    private final CursorCodec cursors;

    TimelineReader(MongoTemplate mongo, TimelineApiProperties properties) {
        this.timeline = mongo.getCollection(properties.collection());
        this.properties = properties;
        this.cursors = new CursorCodec(cursorSecret(properties));
    }

    public TimelinePage page(String tenant, Scope scope, Map<String, List<String>> params) {
        TimelineFilter filter = FilterParser.parse(params, Set.of(LIMIT, CURSOR), properties.zoneOf(tenant));
        int limit = FilterParser.intParameter(params, LIMIT, properties.defaultLimit(), 1, properties.maxLimit());
        String context = tenant + "|" + scope.field() + "=" + scope.value() + "|" + filter.fingerprint();
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
        if (docs.isEmpty() && after == null && !exists(tenant, scope)) {
            throw new NotFoundException("no timeline for " + scope.field() + " " + scope.value());
        }
        Map<String, EmailOpens> opens = opens(tenant, docs);
        List<TimelineItem> items =
                docs.stream().map(d -> item(tenant, d, opens, true)).toList();
        String next = null;
        if (more) {
            Document last = docs.get(docs.size() - 1);
            next = cursors.encode(new Cursor(last.getDate(OCCURRED_AT).toInstant(), last.getString(ID)), context);
        }
        return new TimelinePage(items, next, limit);
    }

    public TimelineItem event(String tenant, String id) {
        Document doc = timeline.find(Filters.and(Filters.eq(TENANT, tenant), Filters.eq(ID, id)))
                .projection(WITHOUT_SEARCH_TEXT)
                .first();
        if (doc == null) {
            throw new NotFoundException("no event " + id);
        }
        return item(tenant, doc, opens(tenant, List.of(doc)), false);
    }

    private boolean exists(String tenant, Scope scope) {
        return timeline.find(Filters.and(Filters.eq(TENANT, tenant), Filters.eq(scope.field(), scope.value())))
                        .projection(Projections.include(ID))
                        .limit(1)
                        .first()
                != null;
    }

    /** Opens of the sent e-mails among {@code docs}, by message id: one query for the page. */
    private Map<String, EmailOpens> opens(String tenant, List<Document> docs) {
        List<Document> sent = docs.stream()
                .filter(d ->
                        EventType.EMAIL_SENT.wire().equals(d.getString(TYPE)) && d.getString(CORRELATION_ID) != null)
                .toList();
        if (sent.isEmpty()) {
            return Map.of();
        }
        List<String> messageIds =
                sent.stream().map(d -> d.getString(CORRELATION_ID)).distinct().toList();
        // The recipients' own timelines: with the customer in the criteria the customer_timeline index serves it.
        List<String> customers =
                sent.stream().map(d -> d.getString(CUSTOMER_ID)).distinct().toList();
        Map<String, EmailOpens> opens = new HashMap<>();
        timeline.find(Filters.and(
                        Filters.eq(TENANT, tenant),
                        Filters.in(CUSTOMER_ID, customers),
                        Filters.in(CORRELATION_ID, messageIds),
                        Filters.eq(TYPE, EventType.EMAIL_OPENED.wire())))
                .projection(Projections.include(CORRELATION_ID, OCCURRED_AT))
                .batchSize(1000)
                .forEach(open -> opens.merge(
                        open.getString(CORRELATION_ID),
                        new EmailOpens(open.getDate(OCCURRED_AT).toInstant(), 1),
                        EmailOpens::plus));
        return opens;
    }

    private record EmailOpens(Instant first, int count) {
        EmailOpens plus(EmailOpens other) {
            return new EmailOpens(first.isBefore(other.first) ? first : other.first, count + other.count);
        }
    }

    @SuppressWarnings("unchecked")
    private TimelineItem item(String tenant, Document d, Map<String, EmailOpens> opens, boolean list) {
        String channel = d.getString(CHANNEL);
        String content = d.getString(CONTENT);
        Boolean truncated = null;
        if (list && content != null && content.length() > CONTENT_MAX) {
            content = content.substring(0, CONTENT_MAX);
            truncated = true;
        }
        Document staff = d.get(STAFF, Document.class);
        String ticketId = d.getString(TICKET_ID);
        TimelineItem.EmailTracking email = null;
        if (EventType.EMAIL_SENT.wire().equals(d.getString(TYPE))) {
            EmailOpens open = opens.get(d.getString(CORRELATION_ID));
            email = open == null
                    ? new TimelineItem.EmailTracking(false, null, 0)
                    : new TimelineItem.EmailTracking(true, open.first(), open.count());
        }
        List<Map<String, Object>> attachments = new ArrayList<>();
        for (Document a : d.getList(ATTACHMENTS, Document.class, List.of())) {
            attachments.add(a);
        }
        Document detail = d.get(DETAIL, Document.class);
        return new TimelineItem(
                d.getString(ID),
                d.getDate(OCCURRED_AT).toInstant(),
                d.getString(TYPE),
                d.getString(KIND),
                d.getString(NAME),
                channel,
                label(channel),
                d.getString(DIRECTION),
                d.getString(SOURCE),
                d.getString(CUSTOMER_ID),
                d.getString(SUMMARY),
                content,
                truncated,
                staff == null ? null : new TimelineItem.Person(staff.getString("id"), staff.getString("name")),
                ticketId == null ? null : new TimelineItem.TicketLink(ticketId, properties.ticketUrl(tenant, ticketId)),
                attachments,
                detail == null ? Map.of() : (Map<String, Object>) (Map<?, ?>) detail,
                email);
    }

    private static String label(@Nullable String channel) {
        if (channel == null) {
            return "";
        }
        try {
            return Channel.fromWire(channel).label();
        } catch (IllegalArgumentException newerThanThisService) {
            return channel;
        }
    }

    private static byte[] cursorSecret(TimelineApiProperties properties) {
        if (!properties.cursorSecret().isBlank()) {
            return properties.cursorSecret().getBytes(StandardCharsets.UTF_8);
        }
        log.warn("timeline.api.cursor-secret is not set: using a random one, so cursors work only on this replica");
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return random;
    }
}
