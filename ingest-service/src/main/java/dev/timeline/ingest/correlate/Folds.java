package dev.timeline.ingest.correlate;

import static dev.timeline.events.store.TimelineFields.*;

import dev.timeline.events.CustomerRef;
import dev.timeline.events.EventType;
import dev.timeline.events.Kind;
import dev.timeline.events.SearchText;
import dev.timeline.events.store.EntryIds;
import dev.timeline.events.store.Summaries;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * Which events fold into one timeline entry, and the entry they make. A call's events (ringing, answered, missed,
 * ended, recording ready) are one call; an e-mail's sent, delivered, opened and clicked events are one sent e-mail with
 * its tracking. Each event is kept as a part; the entry (the head) is rebuilt from all parts of its call or mail, so it
 * is the same whatever order the parts arrived in and however often.
 */
public final class Folds {
    static final int CLICKED_URLS_MAX = 10;
    private static final Comparator<Document> OLDEST_FIRST =
            Comparator.comparing((Document d) -> d.getDate(OCCURRED_AT)).thenComparing(d -> d.getString(ID));

    private Folds() {}

    /** The head an event document folds into, or null when it is an entry of its own. */
    public static @Nullable String headId(Document entry) {
        String correlation = entry.getString(CORRELATION_ID);
        if (correlation == null) {
            return null;
        }
        String type = entry.getString(TYPE);
        String fold;
        if (Kind.CALL.wire().equals(entry.getString(KIND))) {
            fold = "call";
        } else if (EventType.EMAIL_SENT.wire().equals(type)
                || EventType.EMAIL_DELIVERED.wire().equals(type)
                || EventType.EMAIL_OPENED.wire().equals(type)
                || EventType.EMAIL_CLICKED.wire().equals(type)) {
            fold = "email";
        } else {
            return null;
        }
        return EntryIds.of(entry.getString(TENANT), "fold:" + fold, correlation);
    }

    /** What the timeline and parts collections hold once a set of event documents is ingested. */
    public record Folded(List<Document> entries, List<Document> parts) {}

    /**
     * Folds event documents as the ingest pipeline does: entries of their own stay, parts become their heads. For
     * tests and benchmarks that write a known set of events straight into a store.
     */
    public static Folded fold(List<Document> documents) {
        List<Document> entries = new ArrayList<>();
        List<Document> parts = new ArrayList<>();
        java.util.Map<String, List<Document>> byHead = new java.util.LinkedHashMap<>();
        for (Document document : documents) {
            String headId = headId(document);
            if (headId == null) {
                entries.add(document);
            } else {
                Document part = new Document(document).append(HEAD_ID, headId);
                parts.add(part);
                byHead.computeIfAbsent(headId, h -> new ArrayList<>()).add(part);
            }
        }
        byHead.forEach((headId, its) -> {
            Document head = head(headId, its);
            head.put(PART_IDS, its.stream().map(p -> p.getString(ID)).toList());
            entries.add(head);
        });
        return new Folded(entries, parts);
    }

    /** The entry that {@code parts} (every stored part of one head, in any order) make. */
    public static Document head(String headId, List<Document> parts) {
        List<Document> sorted = new ArrayList<>(parts);
        sorted.sort(OLDEST_FIRST);
        Document first = sorted.get(0);
        boolean call = Kind.CALL.wire().equals(first.getString(KIND));
        Document decisive = call ? decisiveCallPart(sorted) : decisiveEmailPart(sorted);

        Document head = new Document(decisive);
        head.put(ID, headId);
        head.remove(HEAD_ID);
        head.put(CUSTOMER_ID, customer(sorted, decisive, call));
        head.put(
                RECEIVED_AT,
                sorted.stream()
                        .map(d -> d.getDate(RECEIVED_AT))
                        .max(Date::compareTo)
                        .orElseThrow());
        if (call) {
            head.put(OCCURRED_AT, first.getDate(OCCURRED_AT));
            // Later parts add to (and correct) earlier ones; the agent is the last one who handled the call.
            Document detail = new Document();
            for (Document part : sorted) {
                detail.putAll(part.get(DETAIL, Document.class));
                putIfPresent(head, STAFF, part.get(STAFF));
                copyIfAbsent(part, head, TICKET_ID);
                copyIfAbsent(part, head, IDENTITY);
            }
            detail.put("status", decisive.get(DETAIL, Document.class).getString("status"));
            head.put(DETAIL, detail);
        } else {
            head.put(DETAIL, emailDetail(decisive, sorted));
        }
        List<Document> history = new ArrayList<>(sorted.size());
        for (Document part : sorted) {
            history.add(new Document("type", part.getString(TYPE)).append("at", part.getDate(OCCURRED_AT)));
        }
        head.put(HISTORY, history);
        head.put(PART_COUNT, sorted.size());
        head.put(
                SEARCH,
                SearchText.fold(head.getString(NAME) + " "
                        + nullToEmpty(Summaries.of(head.getString(SUMMARY), head.getString(CONTENT)))));
        return head;
    }

    /** What the call came to: missed beats ended beats answered beats ringing; a recording alone is a recording. */
    private static Document decisiveCallPart(List<Document> sorted) {
        for (EventType type : List.of(
                EventType.CALL_MISSED,
                EventType.CALL_ENDED,
                EventType.CALL_ANSWERED,
                EventType.CALL_STARTED,
                EventType.CALL_RECORDING_READY)) {
            Document latest = null;
            for (Document part : sorted) {
                if (type.wire().equals(part.getString(TYPE))) {
                    latest = part;
                }
            }
            if (latest != null) {
                return latest;
            }
        }
        return sorted.get(sorted.size() - 1);
    }

    /** The sent mail when it has arrived; until then the earliest status event stands for it. */
    private static Document decisiveEmailPart(List<Document> sorted) {
        return sorted.stream()
                .filter(d -> EventType.EMAIL_SENT.wire().equals(d.getString(TYPE)))
                .findFirst()
                .orElse(sorted.get(0));
    }

    /**
     * The decisive part's customer, unless it is an anonymous contact and another part names a CRM customer: a call
     * that rang from an unknown number and ended on a known customer's record belongs to that customer.
     */
    private static String customer(List<Document> sorted, Document decisive, boolean call) {
        String decided = decisive.getString(CUSTOMER_ID);
        if (!decided.startsWith(CustomerRef.ANONYMOUS_PREFIX)) {
            return decided;
        }
        for (Document part : sorted) {
            if (!part.getString(CUSTOMER_ID).startsWith(CustomerRef.ANONYMOUS_PREFIX)) {
                return part.getString(CUSTOMER_ID);
            }
        }
        return call ? sorted.get(0).getString(CUSTOMER_ID) : decided;
    }

    private static Document emailDetail(Document decisive, List<Document> sorted) {
        Document detail = new Document(decisive.get(DETAIL, Document.class));
        detail.remove("status");
        Date deliveredAt = null;
        Date firstOpen = null;
        Date lastOpen = null;
        int opens = 0;
        int clicks = 0;
        Set<String> urls = new LinkedHashSet<>();
        for (Document part : sorted) {
            Date at = part.getDate(OCCURRED_AT);
            String type = part.getString(TYPE);
            if (EventType.EMAIL_DELIVERED.wire().equals(type) && deliveredAt == null) {
                deliveredAt = at;
            } else if (EventType.EMAIL_OPENED.wire().equals(type)) {
                opens++;
                firstOpen = firstOpen == null ? at : firstOpen;
                lastOpen = at;
            } else if (EventType.EMAIL_CLICKED.wire().equals(type)) {
                clicks++;
                if (urls.size() < CLICKED_URLS_MAX) {
                    urls.add(part.get(DETAIL, Document.class).getString("url"));
                }
            }
        }
        detail.put("delivered", deliveredAt != null || opens > 0 || clicks > 0);
        putIfPresent(detail, "deliveredAt", deliveredAt);
        detail.put("opened", opens > 0);
        detail.put("openCount", opens);
        putIfPresent(detail, "firstOpenedAt", firstOpen);
        putIfPresent(detail, "lastOpenedAt", lastOpen);
        detail.put("clickCount", clicks);
        if (!urls.isEmpty()) {
            detail.put("clickedUrls", List.copyOf(urls));
        }
        return detail;
    }

    private static void copyIfAbsent(Document from, Document to, String field) {
        if (to.get(field) == null && from.get(field) != null) {
            to.put(field, from.get(field));
        }
    }

    private static void putIfPresent(Document doc, String field, @Nullable Object value) {
        if (value != null) {
            doc.put(field, value);
        }
    }

    private static String nullToEmpty(@Nullable String s) {
        return s == null ? "" : s;
    }
}
