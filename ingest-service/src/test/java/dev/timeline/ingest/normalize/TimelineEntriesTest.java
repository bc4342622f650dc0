package dev.timeline.ingest.normalize;

import static dev.timeline.events.store.TimelineFields.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.timeline.events.Attachment;
import dev.timeline.events.Channel;
import dev.timeline.events.CustomerRef;
import dev.timeline.events.EventType;
import dev.timeline.events.Events;
import dev.timeline.events.IdentityKind;
import dev.timeline.events.MessageReceived;
import dev.timeline.events.TimelineEvent;
import dev.timeline.events.store.Summaries;
import java.time.Instant;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TimelineEntriesTest {
    private static final Instant RECEIVED = Instant.parse("2026-11-25T01:00:00Z");
    private final TimelineEntries entries = new TimelineEntries();

    static List<TimelineEvent> everyType() {
        return Events.everyType("acme", CustomerRef.id("cus-1"), "e");
    }

    @ParameterizedTest
    @MethodSource("everyType")
    void givesEveryKindTheFieldsATimelineRowShows(TimelineEvent event) {
        Document doc = entries.toDocument(event, RECEIVED);

        assertThat(doc.getString(NAME)).isEqualTo(event.type().displayName());
        assertThat(doc.getString(TYPE)).isEqualTo(event.type().wire());
        assertThat(doc.getString(KIND)).isEqualTo(event.type().kind().wire());
        assertThat(doc.getString(CHANNEL)).isNotBlank();
        assertThat(doc.getString(DIRECTION)).isIn("inbound", "outbound", "internal");
        assertThat(summaryOf(doc)).isNotBlank();
        assertThat(doc.getString(SEARCH))
                .isEqualTo(doc.getString(SEARCH).toLowerCase())
                .doesNotContain("ộ", "đ");
        assertThat(doc.getDate(OCCURRED_AT).toInstant()).isEqualTo(event.time());
        assertThat(doc.getDate(RECEIVED_AT).toInstant()).isEqualTo(RECEIVED);
        assertThat(doc.get(DETAIL)).isInstanceOf(Document.class);
    }

    @Test
    void sameEventSameIdAndDocumentDifferentSourceDifferentId() {
        var event = Events.callEnded("acme", CustomerRef.id("c1"), "x1", Events.T0);
        var sameIdOtherTenant = Events.callEnded("globex", CustomerRef.id("c1"), "x1", Events.T0);

        assertThat(entries.toDocument(event, RECEIVED)).isEqualTo(entries.toDocument(event, RECEIVED));
        assertThat(entries.toDocument(event, RECEIVED).getString(ID))
                .hasSize(22)
                .isNotEqualTo(entries.toDocument(sameIdOtherTenant, RECEIVED).getString(ID));
    }

    @Test
    void summarizesCallsEmailsTicketsAndScoresAsAnAgentReadsThem() {
        var events = everyType();
        assertThat(summary(events, EventType.CALL_MISSED)).isEqualTo("Cuộc gọi đến · Nhỡ sau 25 giây");
        assertThat(summary(events, EventType.EMAIL_SENT)).isEqualTo("Phản hồi khiếu nại");
        assertThat(summary(events, EventType.TICKET_STATUS_CHANGED))
                .isEqualTo("Trạng thái: Mới → Đã giải quyết · xử lý 24 giờ");
        assertThat(summary(events, EventType.TICKET_PRIORITY_CHANGED)).isEqualTo("Độ ưu tiên: Bình thường → Cao");
        assertThat(summary(events, EventType.SCORE_CHANGED)).isEqualTo("+10 điểm (tổng 120) · Mở email");
        assertThat(summary(events, EventType.STAGE_CHANGED)).isEqualTo("Giai đoạn: Lead → Khách hàng");
        assertThat(summary(events, EventType.WORKFLOW_EXECUTED)).isEqualTo("Chăm sóc sau mua: send_zns qua Zalo OA");
        Document email = entries.toDocument(events.get(EventType.EMAIL_RECEIVED.ordinal()), RECEIVED);
        assertThat(email.get(DETAIL, Document.class)).containsEntry("preview", "Tôi chưa nhận được hàng.");
        assertThat(email.getString(CORRELATION_ID)).startsWith("<m-");
    }

    @Test
    void cutsLongTextForTheListButKeepsAllOfItAsContent() {
        String text = "Chào shop 👋 ".repeat(40);
        var event = TimelineEvent.builder("acme", CustomerRef.id("c1"))
                .source("fb")
                .build("m1", Events.T0, new MessageReceived(Channel.FACEBOOK, null, text));

        Document doc = entries.toDocument(event, RECEIVED);
        String summary = summaryOf(doc);

        assertThat(summary)
                .hasSizeLessThanOrEqualTo(TimelineEntries.SUMMARY_MAX)
                .endsWith("…");
        assertThat(summary.codePoints()).doesNotContain((int) '\uFFFD');
        assertThat(Character.isHighSurrogate(summary.charAt(summary.length() - 2)))
                .isFalse();
        assertThat(doc.getString(CONTENT)).isEqualTo(text);
    }

    @Test
    void keepsTheTextOnceWhereTheSummaryIsItsAbbreviation() {
        var message = TimelineEvent.builder("acme", CustomerRef.id("c1"))
                .source("fb")
                .build("m1", Events.T0, new MessageReceived(Channel.FACEBOOK, null, "Chào  shop,\n còn hàng không?"));
        Document stored = entries.toDocument(message, RECEIVED);

        assertThat(stored).doesNotContainKey(SUMMARY).containsEntry(CONTENT, "Chào  shop,\n còn hàng không?");
        assertThat(summaryOf(stored)).isEqualTo("Chào shop, còn hàng không?");
        assertThat(stored.getString(SEARCH)).isEqualTo("khach hang gui tin nhan chao shop, con hang khong?");

        // A summary that is not the content's abbreviation is stored: an e-mail's subject, a call's outcome.
        Document mail = entries.toDocument(everyType().get(EventType.EMAIL_SENT.ordinal()), RECEIVED);
        assertThat(mail.getString(SUMMARY)).isNotBlank().isNotEqualTo(Summaries.abbreviate(mail.getString(CONTENT)));
    }

    @Test
    void describesAttachmentOnlyMessagesAndKeepsTheIdentity() {
        var event = TimelineEvent.builder("acme", CustomerRef.identity(IdentityKind.PHONE, "0912 345 678"))
                .source("zalo")
                .attachments(List.of(Attachment.of("anh.jpg", "https://f.vn/anh.jpg")))
                .build("m1", Events.T0, new MessageReceived(Channel.ZALO, null, null));

        Document doc = entries.toDocument(event, RECEIVED);

        assertThat(doc.getString(SUMMARY)).isEqualTo("[1 tệp đính kèm]");
        assertThat(doc.getString(CUSTOMER_ID)).isEqualTo("anon:phone:+84912345678");
        assertThat(doc.get(IDENTITY, Document.class))
                .containsEntry("kind", "phone")
                .containsEntry("value", "+84912345678");
        assertThat(doc).doesNotContainKey(CONTENT);
    }

    @Test
    void foldsNameAndSummaryForAccentInsensitiveSearch() {
        Document missed = entries.toDocument(everyType().get(EventType.CALL_MISSED.ordinal()), RECEIVED);

        assertThat(missed.getString(SEARCH)).isEqualTo("cuoc goi nho cuoc goi den · nho sau 25 giay");
    }

    @Test
    void readsDurationsTheWayAgentsSayThem() {
        assertThat(Durations.vietnamese(0)).isEqualTo("0 giây");
        assertThat(Durations.vietnamese(205)).isEqualTo("3 phút 25 giây");
        assertThat(Durations.vietnamese(3720)).isEqualTo("1 giờ 2 phút");
        assertThat(Durations.vietnamese(120)).isEqualTo("2 phút");
    }

    private String summary(List<TimelineEvent> events, EventType type) {
        return summaryOf(entries.toDocument(events.get(type.ordinal()), RECEIVED));
    }

    /** The summary a reader shows: stored, or derived from the content. */
    private static String summaryOf(Document stored) {
        return Summaries.of(stored.getString(SUMMARY), stored.getString(CONTENT));
    }
}
