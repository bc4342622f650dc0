package dev.timeline.api.chart;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.timeline.api.WebSliceTest;
import dev.timeline.events.Channel;
import dev.timeline.events.CustomerRef;
import dev.timeline.events.MessageReceived;
import dev.timeline.events.ScoreChanged;
import dev.timeline.events.TimelineEvent;
import java.time.Instant;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChartWebTest extends WebSliceTest {

    @BeforeEach
    void fill() {
        var b = TimelineEvent.builder("acme", CustomerRef.id("cus-1")).source("test");
        store(List.of(
                // 2026-09-01 23:30 in Ho Chi Minh City is still the 1st there, the 2nd is 17:30Z on the 1st onwards.
                b.build("1", Instant.parse("2026-09-01T16:30:00Z"), new MessageReceived(Channel.ZALO, null, "a")),
                b.build("2", Instant.parse("2026-09-01T17:30:00Z"), new MessageReceived(Channel.ZALO, null, "b")),
                b.build("3", Instant.parse("2026-09-01T18:00:00Z"), new MessageReceived(Channel.FACEBOOK, null, "c")),
                b.build("4", Instant.parse("2026-09-01T18:05:00Z"), new ScoreChanged(10L, 10L, null)),
                b.build("5", Instant.parse("2026-09-03T02:00:00Z"), new ScoreChanged(5L, 15L, null)),
                b.build("6", Instant.parse("2026-11-20T02:00:00Z"), new MessageReceived(Channel.ZALO, null, "d"))));
    }

    @Test
    void bucketsByDayInTheTenantsTimeZoneAndCarriesTheScoreForward() throws Exception {
        mvc.perform(get("/api/v1/customers/cus-1/chart?bucket=day&from=2026-09-01&to=2026-09-04")
                        .header("X-API-Key", "acme-key"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.bucket").value("day"))
                .andExpect(jsonPath("$.timeZone").value("Asia/Ho_Chi_Minh"))
                .andExpect(jsonPath("$.points.length()").value(4))
                .andExpect(jsonPath("$.points[0].start").value("2026-09-01"))
                .andExpect(jsonPath("$.points[0].interactions.zalo").value(1))
                .andExpect(jsonPath("$.points[0].score").value(0))
                .andExpect(jsonPath("$.points[1].interactions.zalo").value(1))
                .andExpect(jsonPath("$.points[1].interactions.facebook").value(1))
                .andExpect(jsonPath("$.points[1].total").value(2))
                .andExpect(jsonPath("$.points[1].score").value(10))
                .andExpect(jsonPath("$.points[2].score").value(15))
                .andExpect(jsonPath("$.points[3].total").value(0))
                .andExpect(jsonPath("$.points[3].score").value(15));
    }

    @Test
    void startsARangeWithTheScoreReachedBeforeIt() throws Exception {
        // The range opens at 19:00 on the 2nd in Ho Chi Minh City, after the change to 10 (01:05 that day).
        mvc.perform(get("/api/v1/customers/cus-1/chart?bucket=day&from=2026-09-02T12:00:00Z&to=2026-09-03")
                        .header("X-API-Key", "acme-key"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.points.length()").value(2))
                .andExpect(jsonPath("$.points[0].start").value("2026-09-02"))
                .andExpect(jsonPath("$.points[0].score").value(10))
                .andExpect(jsonPath("$.points[1].score").value(15));
        // No change inside the range at all: the whole range shows the last total before it.
        mvc.perform(get("/api/v1/customers/cus-1/chart?bucket=week&series=score&from=2026-10-01&to=2026-11-30")
                        .header("X-API-Key", "acme-key"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.points.length()").value(10))
                .andExpect(jsonPath("$.points[*].score", Matchers.everyItem(Matchers.is(15))));
        // A score set only after the range is not carried back into it.
        mvc.perform(get("/api/v1/customers/cus-1/chart?bucket=day&from=2026-08-30&to=2026-08-31")
                        .header("X-API-Key", "acme-key"))
                .andExpect(jsonPath("$.points.length()").value(2))
                .andExpect(jsonPath("$.points[*].score", Matchers.everyItem(Matchers.is(0))));
    }

    @Test
    void picksTheBucketFromTheLifespanAndStartsWeeksOnMonday() throws Exception {
        mvc.perform(get("/api/v1/customers/cus-1/chart").header("X-API-Key", "acme-key"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.bucket").value("week"))
                .andExpect(jsonPath("$.points[0].start").value("2026-08-31"))
                .andExpect(jsonPath("$.points[0].end").value("2026-09-06"))
                .andExpect(jsonPath("$.points[0].total").value(3))
                .andExpect(jsonPath("$.channels[0]").value("zalo"));
        mvc.perform(get("/api/v1/customers/cus-1/chart?bucket=month").header("X-API-Key", "acme-key"))
                .andExpect(jsonPath("$.points.length()").value(3))
                .andExpect(jsonPath("$.points[2].start").value("2026-11-01"))
                .andExpect(jsonPath("$.points[2].score").value(15));
    }

    @Test
    void listsTheChannelsInTheOrderTheyFirstAppear() throws Exception {
        var b = TimelineEvent.builder("acme", CustomerRef.id("cus-2")).source("test");
        store(List.of(
                b.build("21", Instant.parse("2026-09-01T08:00:00Z"), new MessageReceived(Channel.FACEBOOK, null, "a")),
                b.build("22", Instant.parse("2026-09-02T08:00:00Z"), new MessageReceived(Channel.ZALO, null, "b")),
                b.build("23", Instant.parse("2026-09-03T08:00:00Z"), new MessageReceived(Channel.TELEGRAM, null, "c")),
                b.build("24", Instant.parse("2026-09-04T08:00:00Z"), new MessageReceived(Channel.ZALO, null, "d"))));
        mvc.perform(get("/api/v1/customers/cus-2/chart?bucket=day").header("X-API-Key", "acme-key"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.channels", Matchers.contains("facebook", "zalo", "telegram")))
                .andExpect(jsonPath("$.points.length()").value(4))
                .andExpect(jsonPath("$.points[3].interactions.zalo").value(1));
    }

    @Test
    void showsOneSeriesAlone() throws Exception {
        mvc.perform(get("/api/v1/customers/cus-1/chart?series=score").header("X-API-Key", "acme-key"))
                .andExpect(jsonPath("$.points[0].score").value(15))
                .andExpect(jsonPath("$.points[0].interactions").doesNotExist())
                .andExpect(jsonPath("$.points[0].total").doesNotExist());
        mvc.perform(get("/api/v1/customers/cus-1/chart?series=interactions").header("X-API-Key", "acme-key"))
                .andExpect(jsonPath("$.points[0].total").value(3))
                .andExpect(jsonPath("$.points[0].score").doesNotExist());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "bucket=hour|bucket",
                "series=mood|series",
                "bucket=day&from=2000-01-01&to=2026-01-01|bucket",
                "channel=zalo|channel",
                "from=soon|from",
            })
    void refusesBadParameters(String query, String parameter) throws Exception {
        mvc.perform(get("/api/v1/customers/cus-1/chart?" + query).header("X-API-Key", "acme-key"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value(parameter));
    }

    @Test
    void anotherTenantsCustomerIsNotFound() throws Exception {
        mvc.perform(get("/api/v1/customers/cus-1/chart").header("X-API-Key", "globex-key"))
                .andExpect(status().isNotFound());
    }
}
