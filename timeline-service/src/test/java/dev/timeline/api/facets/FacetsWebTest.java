package dev.timeline.api.facets;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.timeline.api.WebSliceTest;
import dev.timeline.events.Channel;
import dev.timeline.events.CustomerRef;
import dev.timeline.events.EventType;
import dev.timeline.events.MessageReceived;
import dev.timeline.events.MessageSent;
import dev.timeline.events.Staff;
import dev.timeline.events.TicketCommented;
import dev.timeline.events.TimelineEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.ResultActions;

class FacetsWebTest extends WebSliceTest {
    private static final Staff AN_BEFORE = new Staff("s-an", "An");
    private static final Staff AN = new Staff("s-an", "Nguyễn Văn An");
    private static final Staff BINH = new Staff("s-binh", "Trần Bình");

    @BeforeEach
    void fill() {
        var zalo = TimelineEvent.builder("acme", CustomerRef.id("cus-1")).source("zalo-oa/4312");
        var facebook = TimelineEvent.builder("acme", CustomerRef.id("cus-1")).source("fb-page/77");
        var desk = TimelineEvent.builder("acme", CustomerRef.id("cus-1")).source("helpdesk");
        store(List.of(
                zalo.build("1", at(1), new MessageReceived(Channel.ZALO, "z", "hàng chưa tới")),
                zalo.staff(AN_BEFORE).build("2", at(2), new MessageSent(Channel.ZALO, "z", "em kiểm tra ạ")),
                facebook.build("3", at(3), new MessageReceived(Channel.FACEBOOK, "f", "còn size M không")),
                facebook.staff(BINH).build("4", at(4), new MessageSent(Channel.FACEBOOK, "f", "còn ạ")),
                zalo.staff(AN).build("5", at(5), new MessageSent(Channel.ZALO, "z", "đơn đã giao")),
                desk.staff(BINH)
                        .ticket("T-9")
                        .build("6", at(6), new TicketCommented("gọi lại", TicketCommented.Visibility.INTERNAL)),
                // Another tenant's customer of the same id: never counted.
                TimelineEvent.builder("globex", CustomerRef.id("cus-1"))
                        .source("zalo-oa/1")
                        .build("7", at(7), new MessageReceived(Channel.VIBER, "v", "xin chào"))));
    }

    @Test
    void listsWhatTheTimelineHoldsWithCountsMostFirst() throws Exception {
        facets("/api/v1/customers/cus-1/facets")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(6))
                .andExpect(jsonPath("$.customer.id").value("cus-1"))
                .andExpect(jsonPath("$.types[0].value").value("message.sent"))
                .andExpect(jsonPath("$.types[0].label").value(EventType.MESSAGE_SENT.displayName()))
                .andExpect(jsonPath("$.types[0].count").value(3))
                .andExpect(jsonPath("$.types[1].value").value("message.received"))
                .andExpect(jsonPath("$.types[1].count").value(2))
                .andExpect(jsonPath("$.types[2].value").value("ticket.commented"))
                .andExpect(jsonPath("$.types.length()").value(3))
                .andExpect(jsonPath("$.names[0].value").value(EventType.MESSAGE_SENT.displayName()))
                .andExpect(jsonPath("$.names[0].count").value(3))
                .andExpect(jsonPath("$.sources[0].value").value("zalo-oa/4312"))
                .andExpect(jsonPath("$.sources[0].count").value(3))
                .andExpect(jsonPath("$.sources[1].value").value("fb-page/77"))
                .andExpect(jsonPath("$.sources[1].count").value(2))
                .andExpect(jsonPath("$.sources[2].value").value("helpdesk"))
                .andExpect(jsonPath("$.channels[0].value").value("zalo"))
                .andExpect(jsonPath("$.channels[0].label").value(Channel.ZALO.label()))
                .andExpect(jsonPath("$.channels[0].count").value(3))
                .andExpect(jsonPath("$.channels[1].value").value("facebook"))
                .andExpect(jsonPath("$.channels[1].count").value(2))
                .andExpect(jsonPath("$.directions[0].value").value("outbound"))
                .andExpect(jsonPath("$.directions[0].count").value(3))
                .andExpect(jsonPath("$.directions[1].value").value("inbound"))
                .andExpect(jsonPath("$.directions[1].count").value(2))
                // Staff by id, with the name of their newest entry here.
                .andExpect(jsonPath("$.staff.length()").value(2))
                .andExpect(jsonPath("$.staff[0].value").value("s-an"))
                .andExpect(jsonPath("$.staff[0].label").value(AN.name()))
                .andExpect(jsonPath("$.staff[0].count").value(2))
                .andExpect(jsonPath("$.staff[1].value").value("s-binh"))
                .andExpect(jsonPath("$.staff[1].label").value(BINH.name()))
                .andExpect(jsonPath("$.staff[1].count").value(2));
    }

    @Test
    void aListLeavesOutItsOwnFilterAndKeepsTheOthers() throws Exception {
        facets("/api/v1/customers/cus-1/facets?channel=zalo")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(3))
                // The channel list still offers the other channels, with what choosing them would show...
                .andExpect(jsonPath("$.channels[0].value").value("zalo"))
                .andExpect(jsonPath("$.channels[0].count").value(3))
                .andExpect(jsonPath("$.channels[1].value").value("facebook"))
                .andExpect(jsonPath("$.channels[1].count").value(2))
                // ...every other list counts Zalo entries only.
                .andExpect(jsonPath("$.types.length()").value(2))
                .andExpect(jsonPath("$.types[0].value").value("message.sent"))
                .andExpect(jsonPath("$.types[0].count").value(2))
                .andExpect(jsonPath("$.sources.length()").value(1))
                .andExpect(jsonPath("$.staff.length()").value(1))
                .andExpect(jsonPath("$.staff[0].value").value("s-an"));
        // An excluded type is still offered (choosing it lifts the exclusion), the rest count without it.
        facets("/api/v1/customers/cus-1/facets?excludeType=message.sent&staff=s-binh")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.types[0].value").value("message.sent"))
                .andExpect(jsonPath("$.types[0].count").value(1))
                .andExpect(jsonPath("$.types[1].value").value("ticket.commented"))
                .andExpect(jsonPath("$.types[1].count").value(1))
                // An's entries are all excluded types: only Bình is left to choose.
                .andExpect(jsonPath("$.staff.length()").value(1))
                .andExpect(jsonPath("$.staff[0].value").value("s-binh"))
                .andExpect(jsonPath("$.staff[0].count").value(1));
    }

    @Test
    void theTextFilterAndTheDateRangeApplyToEveryList() throws Exception {
        facets("/api/v1/customers/cus-1/facets?q=con")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(2))
                .andExpect(jsonPath("$.channels.length()").value(1))
                .andExpect(jsonPath("$.channels[0].value").value("facebook"))
                .andExpect(jsonPath("$.channels[0].count").value(2));
        facets("/api/v1/customers/cus-1/facets?from=" + at(5))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(2))
                .andExpect(jsonPath("$.staff[0].value").value("s-an"))
                .andExpect(jsonPath("$.staff[0].count").value(1))
                .andExpect(jsonPath("$.staff[1].value").value("s-binh"))
                .andExpect(jsonPath("$.staff[1].count").value(1));
    }

    @Test
    void countsATicketsTimeline() throws Exception {
        facets("/api/v1/tickets/T-9/facets")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.types[0].value").value("ticket.commented"))
                .andExpect(jsonPath("$.staff[0].label").value(BINH.name()))
                .andExpect(jsonPath("$.customer").doesNotExist());
    }

    @Test
    void refusesPagingParametersAndAnotherTenantsCustomer() throws Exception {
        facets("/api/v1/customers/cus-1/facets?limit=10")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("limit"));
        facets("/api/v1/customers/cus-1/facets?channel=pigeon")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("channel"));
        mvc.perform(get("/api/v1/customers/cus-1/facets").header("X-API-Key", "globex-key"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.channels[0].value").value("viber"));
        mvc.perform(get("/api/v1/customers/cus-404/facets").header("X-API-Key", "acme-key"))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/customers/cus-1/facets")).andExpect(status().isUnauthorized());
    }

    private ResultActions facets(String path) throws Exception {
        return mvc.perform(get(path).header("X-API-Key", "acme-key"));
    }

    private static Instant at(int minute) {
        return Instant.parse("2026-11-20T08:00:00Z").plusSeconds(60L * minute);
    }
}
