package dev.timeline.api.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import com.jayway.jsonpath.JsonPath;
import dev.timeline.api.StoredEvents;
import dev.timeline.api.WebSliceTest;
import dev.timeline.events.Channel;
import dev.timeline.events.CustomerRef;
import dev.timeline.events.MessageReceived;
import dev.timeline.events.TimelineEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bson.Document;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property: walking the pages of a timeline visits every entry that existed when the walk began exactly once, in
 * newest-first order, never repeats one, even though entries arrive between page requests, with equal timestamps
 * everywhere and some arriving late (back-dated into the part not yet visited, or into the part already visited).
 */
class PaginationPropertyTest extends WebSliceTest {
    private static final Instant BASE = Instant.parse("2026-06-01T00:00:00Z");

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233})
    void everyPageWalkSeesEachEntryOnceInOrder(long seed) throws Exception {
        Random random = new Random(seed);
        int initial = 20 + random.nextInt(200);
        List<TimelineEvent> events = new ArrayList<>();
        for (int i = 0; i < initial; i++) {
            events.add(event("e" + i, random));
        }
        store(events);
        List<String> initialIds = events.stream()
                .map(e -> StoredEvents.document(e).getString("_id"))
                .toList();
        boolean frozen = random.nextBoolean();
        int limit = 1 + random.nextInt(25);

        List<Map<String, Object>> seen = new ArrayList<>();
        String cursor = null;
        int arrived = 0;
        do {
            String url =
                    "/api/v1/customers/cus-p/timeline?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor);
            String body = mvc.perform(get(url).header("X-API-Key", "acme-key"))
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            List<Map<String, Object>> items = JsonPath.read(body, "$.items");
            assertThat(items.size()).isLessThanOrEqualTo(limit);
            seen.addAll(items);
            Map<String, Object> page = JsonPath.read(body, "$");
            cursor = (String) page.get("nextCursor");
            if (!frozen) {
                for (int n = random.nextInt(4); n > 0; n--) {
                    mongo.getCollection("timeline").insertOne(document(event("late" + arrived++, random)));
                }
            }
        } while (cursor != null);

        List<String> seenIds = seen.stream().map(i -> (String) i.get("id")).toList();
        assertThat(seenIds).doesNotHaveDuplicates();
        assertThat(seenIds).containsAll(initialIds);
        if (frozen) {
            assertThat(seenIds).hasSize(initial);
        }
        for (int i = 1; i < seen.size(); i++) {
            Instant previous = Instant.parse((String) seen.get(i - 1).get("occurredAt"));
            Instant current = Instant.parse((String) seen.get(i).get("occurredAt"));
            assertThat(current).isBeforeOrEqualTo(previous);
            if (current.equals(previous)) {
                assertThat((String) seen.get(i).get("id"))
                        .isLessThan((String) seen.get(i - 1).get("id"));
            }
        }
    }

    /** Timestamps from a small set of minutes, so many entries share one; ids are random in their order. */
    private static TimelineEvent event(String id, Random random) {
        Instant at = BASE.plusSeconds(60L * random.nextInt(40));
        return TimelineEvent.builder("acme", CustomerRef.id("cus-p"))
                .source("prop")
                .build(id, at, new MessageReceived(Channel.ZALO, null, "tin nhắn " + id));
    }

    private static Document document(TimelineEvent event) {
        return StoredEvents.document(event);
    }
}
