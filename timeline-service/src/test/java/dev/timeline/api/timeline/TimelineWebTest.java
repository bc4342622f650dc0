package dev.timeline.api.timeline;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.timeline.api.WebSliceTest;
import dev.timeline.events.CustomerRef;
import dev.timeline.events.EventType;
import dev.timeline.events.Events;
import dev.timeline.events.TimelineEvent;
import java.util.ArrayList;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP contract of every timeline parameter and every error (see {@link WebSliceTest} for the set-up). */
class TimelineWebTest extends WebSliceTest {

    @BeforeEach
    void fill() {
        List<TimelineEvent> events = new ArrayList<>(Events.everyType("acme", CustomerRef.id("cus-1"), "e"));
        events.addAll(Events.everyType("globex", CustomerRef.id("cus-1"), "g"));
        store(events);
    }

    @Test
    void pagesNewestFirstWithACursorUntilTheEnd() throws Exception {
        mvc.perform(get("/api/v1/customers/cus-1/timeline?limit=5").header("X-API-Key", "acme-key"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(5))
                .andExpect(jsonPath("$.items[0].type").value(EventType.SCORE_CHANGED.wire()))
                .andExpect(jsonPath("$.items[0].name").value("Thay đổi điểm tương tác"))
                .andExpect(jsonPath("$.limit").value(5))
                .andExpect(jsonPath("$.nextCursor").isString());
    }

    @Test
    void showsWhatEachKindNeedsInTheList() throws Exception {
        mvc.perform(
                        get("/api/v1/customers/cus-1/timeline?type=call.ended,ticket.commented,email.sent,automation.workflow-executed")
                                .header("X-API-Key", "acme-key"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[?(@.type=='call.ended')].detail.durationSeconds")
                        .value(185))
                .andExpect(jsonPath("$.items[?(@.type=='call.ended')].channelLabel")
                        .value("Tổng đài"))
                .andExpect(jsonPath("$.items[?(@.type=='ticket.commented')].ticket.url")
                        .value("https://help.example.vn/t/T-1001"))
                .andExpect(jsonPath("$.items[?(@.type=='ticket.commented')].staff.name")
                        .value("Trần Thị Mai"))
                .andExpect(jsonPath("$.items[?(@.type=='email.sent')].detail.subject")
                        .value("Phản hồi khiếu nại"))
                .andExpect(jsonPath("$.items[?(@.type=='email.sent')].email.opened")
                        .value(true))
                .andExpect(jsonPath("$.items[?(@.type=='email.sent')].email.openCount")
                        .value(1))
                .andExpect(jsonPath("$.items[?(@.type=='email.sent')].email.clickCount")
                        .value(1))
                .andExpect(jsonPath("$.items[?(@.type=='call.ended')].detail.recordingUrl")
                        .value("https://rec.example.vn/call-1.mp3"))
                .andExpect(jsonPath("$.items[?(@.type=='call.ended')].history[3].type")
                        .value("call.recording-ready"))
                .andExpect(jsonPath("$.items[?(@.type=='automation.workflow-executed')].content")
                        .value("Cảm ơn bạn đã mua hàng!"))
                .andExpect(jsonPath("$.items[*].search").doesNotExist());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                // everyType's 21 events are 15 entries: call-1's four events are one call, the sent mail's four one.
                "q=cuoc goi nho|1",
                "q=CUỘC GỌI|2",
                "type=email.sent|1",
                "excludeType=crm.stage-changed,crm.score-changed|13",
                "source=fixture/call|2",
                "excludeSource=fixture/call|13",
                "channel=phone|2",
                "channel=email&channel=ticket|6",
                "direction=internal|5",
                "staff=agent-07|3",
                "from=2026-09-01T10:00:00Z&to=2026-09-01T12:00:00Z|2",
                "channel=phone&direction=inbound&q=nho|1",
            })
    void combinesFilters(String query, int expected) throws Exception {
        mvc.perform(get("/api/v1/customers/cus-1/timeline?" + query).header("X-API-Key", "acme-key"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(expected));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "limit=0|limit",
                "limit=201|limit",
                "limit=abc|limit",
                "cursor=abc|cursor",
                "type=call.teleported|type",
                "channel=fax|channel",
                "direction=up|direction",
                "from=hôm qua|from",
                "from=2026-12-01&to=2026-11-01|from",
                "chanel=zalo|chanel",
                "q=a b c d e f g h i|q",
            })
    void refusesBadParametersWithAProblemNamingThem(String query, String parameter) throws Exception {
        mvc.perform(get("/api/v1/customers/cus-1/timeline?" + query).header("X-API-Key", "acme-key"))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", Matchers.containsString("application/problem+json")))
                .andExpect(jsonPath("$.type").value("https://timeline.dev/problems/invalid-parameter"))
                .andExpect(jsonPath("$.parameter").value(parameter))
                .andExpect(jsonPath("$.detail").value(Matchers.startsWith(parameter + ": ")));
    }

    @Test
    void refusesACursorUsedWithOtherFilters() throws Exception {
        String body = mvc.perform(
                        get("/api/v1/customers/cus-1/timeline?limit=2").header("X-API-Key", "acme-key"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        String cursor = com.jayway.jsonpath.JsonPath.read(body, "$.nextCursor");

        mvc.perform(get("/api/v1/customers/cus-1/timeline?limit=2&channel=phone&cursor=" + cursor)
                        .header("X-API-Key", "acme-key"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("cursor"));
        mvc.perform(get("/api/v1/customers/cus-1/timeline?limit=2&cursor=" + cursor)
                        .header("X-API-Key", "acme-key"))
                .andExpect(status().isOk());
    }

    @Test
    void requiresAKnownApiKey() throws Exception {
        mvc.perform(get("/api/v1/customers/cus-1/timeline"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("https://timeline.dev/problems/unauthenticated"))
                .andExpect(header().string("WWW-Authenticate", Matchers.containsString("X-API-Key")))
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(jsonPath("$.instance").value("/api/v1/customers/cus-1/timeline"))
                .andExpect(jsonPath("$.properties").doesNotExist());
        mvc.perform(get("/api/v1/customers/cus-1/timeline").header("X-API-Key", "guess"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void answersOtherTenantsDataExactlyLikeMissingData() throws Exception {
        String someId = mongo.getCollection("timeline")
                .find(new org.bson.Document("tenant", "globex"))
                .first()
                .getString("_id");
        String missing = mvc.perform(get("/api/v1/customers/nobody/timeline").header("X-API-Key", "acme-key"))
                .andExpect(status().isNotFound())
                .andReturn()
                .getResponse()
                .getContentAsString();

        mvc.perform(get("/api/v1/events/" + someId).header("X-API-Key", "acme-key"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://timeline.dev/problems/not-found"));
        mvc.perform(get("/api/v1/tickets/T-404/timeline").header("X-API-Key", "acme-key"))
                .andExpect(status().isNotFound());
        org.assertj.core.api.Assertions.assertThat(missing)
                .contains("\"status\":404")
                .doesNotContain("globex");
    }

    @Test
    void showsOneEventWithItsFullContent() throws Exception {
        String id = mongo.getCollection("timeline")
                .find(new org.bson.Document("tenant", "acme").append("type", "ticket.created"))
                .first()
                .getString("_id");

        mvc.perform(get("/api/v1/events/" + id).header("X-API-Key", "acme-key"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.content").value("Khách báo chưa nhận hàng sau 5 ngày"))
                .andExpect(jsonPath("$.detail.priority").value("normal"))
                .andExpect(jsonPath("$.ticket.id").value("T-1001"));
    }

    @Test
    void servesATicketsTimeline() throws Exception {
        mvc.perform(get("/api/v1/tickets/T-1001/timeline").header("X-API-Key", "acme-key"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(4))
                .andExpect(jsonPath("$.items[*].kind", Matchers.everyItem(Matchers.is("ticket"))));
    }

    @Test
    void allowsTheConfiguredFrontEndOrigin() throws Exception {
        mvc.perform(options("/api/v1/customers/cus-1/timeline")
                        .header("Origin", "https://app.example.vn")
                        .header("Access-Control-Request-Method", "GET")
                        .header("Access-Control-Request-Headers", "X-API-Key, Last-Event-ID"))
                .andExpect(status().isOk())
                .andExpect(header().string("Access-Control-Allow-Origin", "https://app.example.vn"))
                .andExpect(header().string("Access-Control-Allow-Headers", Matchers.containsString("Last-Event-ID")));
        mvc.perform(options("/api/v1/customers/cus-1/timeline")
                        .header("Origin", "https://evil.example")
                        .header("Access-Control-Request-Method", "GET"))
                .andExpect(status().isForbidden());
    }
}
