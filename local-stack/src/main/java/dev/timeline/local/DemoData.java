package dev.timeline.local;

import dev.timeline.events.Attachment;
import dev.timeline.events.CallAnswered;
import dev.timeline.events.CallEnded;
import dev.timeline.events.CallMissed;
import dev.timeline.events.CallRecordingReady;
import dev.timeline.events.CallStarted;
import dev.timeline.events.Channel;
import dev.timeline.events.ChatbotReplied;
import dev.timeline.events.CustomerRef;
import dev.timeline.events.CustomersMerged;
import dev.timeline.events.Direction;
import dev.timeline.events.EmailClicked;
import dev.timeline.events.EmailDelivered;
import dev.timeline.events.EmailOpened;
import dev.timeline.events.EmailReceived;
import dev.timeline.events.EmailSent;
import dev.timeline.events.IdentityKind;
import dev.timeline.events.IdentityLinked;
import dev.timeline.events.MessageReceived;
import dev.timeline.events.MessageSent;
import dev.timeline.events.Payload;
import dev.timeline.events.ScoreChanged;
import dev.timeline.events.Staff;
import dev.timeline.events.StageChanged;
import dev.timeline.events.TicketCommented;
import dev.timeline.events.TicketCreated;
import dev.timeline.events.TicketPriority;
import dev.timeline.events.TicketPriorityChanged;
import dev.timeline.events.TicketStatus;
import dev.timeline.events.TicketStatusChanged;
import dev.timeline.events.TimelineEvent;
import dev.timeline.events.TriggerFired;
import dev.timeline.events.WorkflowExecuted;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * Realistic demo customers of a Vietnamese shop: months of chats on every messaging channel, calls (answered, missed,
 * voicemail) with recordings, campaign and support mail with opens and clicks, tickets with internal comments and SLA
 * times, workflows, chatbots and triggers, stage and score changes; a duplicate customer merged into the original and
 * a caller's number linked to a customer by the CRM. Seeded, so ids repeat across runs and a second run
 * is absorbed by the ingest's de-duplication.
 */
final class DemoData {
    static final String TENANT = "demo";

    record Customer(CustomerRef ref, String name, Channel favourite, String email) {}

    static final List<Customer> CUSTOMERS = List.of(
            new Customer(CustomerRef.id("cus-1001"), "Nguyễn Văn An", Channel.ZALO, "an.nguyen@example.vn"),
            new Customer(CustomerRef.id("cus-1002"), "Trần Thị Bình", Channel.FACEBOOK, "binh.tran@example.vn"),
            new Customer(CustomerRef.id("cus-1003"), "Lê Hoàng Cường", Channel.LIVECHAT, "cuong.le@example.vn"),
            new Customer(CustomerRef.id("cus-1004"), "Phạm Minh Duyên", Channel.INSTAGRAM, "duyen.pham@example.vn"),
            new Customer(CustomerRef.id("cus-1005"), "Hoàng Gia Huy", Channel.TELEGRAM, "huy.hoang@example.vn"),
            new Customer(CustomerRef.id("cus-1006"), "Vũ Thị Lan", Channel.VIBER, "lan.vu@example.vn"),
            // Known only by channel identities: anonymous contacts until the CRM links them.
            new Customer(CustomerRef.identity(IdentityKind.ZALO, "4088123456789"), "Khách Zalo", Channel.ZALO, ""),
            new Customer(CustomerRef.identity(IdentityKind.PHONE, "0987 654 321"), "Khách gọi điện", Channel.ZALO, ""));

    /** A second record of Vũ Thị Lan, made by mistake; merged into cus-1006 a day ago. */
    static final Customer DUPLICATE =
            new Customer(CustomerRef.id("cus-1007"), "Vũ Lan", Channel.VIBER, "lan.vu.2@example.vn");

    static final List<Staff> AGENTS = List.of(
            new Staff("agent-01", "Đặng Thu Hà"),
            new Staff("agent-02", "Bùi Quốc Khánh"),
            new Staff("agent-03", "Ngô Thanh Tâm"),
            new Staff("agent-04", "Đỗ Mỹ Linh"));

    private static final String[] QUESTIONS = {
        "Chào shop, đơn hàng #%d của mình giao tới đâu rồi ạ?",
        "Sản phẩm này còn size M không shop?",
        "Cho mình hỏi phí ship về Đà Nẵng bao nhiêu?",
        "Mình muốn đổi màu áo, được không ạ? 🙏",
        "Shop ơi, mã giảm giá \"GIAM20\" không dùng được",
        "Hàng nhận bị lỗi đường may, xử lý giúp mình với",
        "Bao giờ có hàng lại vậy shop?",
        "Thanh toán qua MoMo được không?",
    };
    private static final String[] ANSWERS = {
        "Dạ, đơn #%d đang được giao, dự kiến tới trong 2 ngày ạ.",
        "Dạ còn ạ, anh/chị đặt ngay để giữ hàng nhé.",
        "Phí ship về Đà Nẵng là 30.000đ, đơn trên 500.000đ được miễn phí ạ.",
        "Dạ được ạ, anh/chị gửi lại hàng trong 7 ngày, shop đổi miễn phí.",
        "Shop xin lỗi, mã đã hết hạn; shop gửi mã GIAM25 thay thế ạ.",
        "Shop rất tiếc! Shop sẽ tạo yêu cầu đổi hàng ngay cho anh/chị.",
    };
    private static final String[] CAMPAIGNS = {"Black Friday 2026", "Tri ân khách hàng", "Bộ sưu tập Thu Đông"};
    private static final String[] STAGES = {"Khách tiềm năng", "Quan tâm", "Đã mua hàng", "Khách thân thiết"};

    private final Random random = new Random(2026);
    private final Instant now;
    private final List<TimelineEvent> events = new ArrayList<>();
    private int sequence;

    DemoData(Instant now) {
        this.now = now.truncatedTo(ChronoUnit.MINUTES);
    }

    /** Every demo customer's history, oldest first. */
    List<TimelineEvent> events() {
        if (events.isEmpty()) {
            int index = 0;
            for (Customer customer : CUSTOMERS) {
                history(customer, 240 - index * 20);
                index++;
            }
            history(DUPLICATE, 45);
            // "Hợp nhất khách hàng": the duplicate's history joins Lan's timeline; the CRM recognised the caller.
            emit(
                    CUSTOMERS.get(5),
                    now.minus(Duration.ofDays(1)),
                    "crm/core",
                    AGENTS.get(0),
                    null,
                    new CustomersMerged(DUPLICATE.ref().id()));
            emit(
                    CUSTOMERS.get(2),
                    now.minus(Duration.ofDays(2)),
                    "crm/core",
                    AGENTS.get(1),
                    null,
                    new IdentityLinked(CUSTOMERS.get(7).ref().identity()));
        }
        return events;
    }

    private void history(Customer c, int days) {
        Instant at = now.minus(Duration.ofDays(days));
        long score = 0;
        int stage = 0;
        boolean known = c.ref().id() != null;
        if (known) {
            emit(c, at, "crm/core", null, null, new StageChanged(null, STAGES[0], "B2C"));
        }
        while (at.isBefore(now.minus(Duration.ofHours(6)))) {
            at = at.plus(Duration.ofHours(10 + random.nextInt(24 * 9)));
            if (at.isAfter(now)) {
                break;
            }
            switch (random.nextInt(known ? 7 : 3)) {
                case 0, 1 -> chat(c, at);
                case 2 -> call(c, at);
                case 3 -> score = email(c, at, score);
                case 4 -> ticket(c, at);
                case 5 -> automation(c, at);
                default -> {
                    if (stage < STAGES.length - 1) {
                        emit(c, at, "crm/core", null, null, new StageChanged(STAGES[stage], STAGES[++stage], "B2C"));
                    }
                    long delta = 5 + random.nextInt(20);
                    score += delta;
                    emit(c, at.plusSeconds(5), "crm/core", null, null, new ScoreChanged(delta, score, "Mua hàng"));
                }
            }
        }
    }

    private void chat(Customer c, Instant at) {
        Channel channel = random.nextInt(4) == 0 ? Channel.values()[random.nextInt(6)] : c.favourite();
        String source = channel.wire() + "/shop";
        String conversation = "conv-" + (1000 + sequence);
        int order = 10_000 + random.nextInt(90_000);
        List<Attachment> photo = random.nextInt(5) == 0
                ? List.of(new Attachment(
                        "anh-san-pham.jpg", "https://files.example.vn/" + order + ".jpg", "image/jpeg", 183_442L))
                : List.of();
        emit(
                c,
                at,
                source,
                null,
                null,
                photo,
                new MessageReceived(channel, conversation, pick(QUESTIONS).formatted(order)));
        if (random.nextBoolean()) {
            emit(
                    c,
                    at.plusSeconds(3),
                    "automation/chatbot",
                    null,
                    null,
                    new ChatbotReplied(
                            "bot-1", "Trợ lý ảo Mây", channel, "Cảm ơn bạn đã nhắn tin! Nhân viên sẽ trả lời ngay."));
        }
        emit(
                c,
                at.plusSeconds(60 + random.nextInt(600)),
                source,
                agent(),
                null,
                new MessageSent(channel, conversation, pick(ANSWERS).formatted(order)));
    }

    private void call(Customer c, Instant at) {
        String callId = "call-" + (5000 + sequence);
        Direction direction = random.nextInt(3) == 0 ? Direction.OUTBOUND : Direction.INBOUND;
        Staff agent = agent();
        emit(c, at, "callcenter/stringee", agent, null, new CallStarted(callId, direction, "1900 6868"));
        int outcome = random.nextInt(4);
        if (outcome == 0) {
            emit(
                    c,
                    at.plusSeconds(30),
                    "callcenter/stringee",
                    agent,
                    null,
                    new CallMissed(callId, direction, "1900 6868", 30L));
            emit(
                    c,
                    at.plusSeconds(31),
                    "callcenter/stringee",
                    agent,
                    null,
                    new CallEnded(callId, direction, "1900 6868", CallEnded.Outcome.MISSED, 0L, null));
        } else if (outcome == 1 && direction == Direction.INBOUND) {
            String voicemail = "https://rec.example.vn/" + callId + "-vm.mp3";
            emit(
                    c,
                    at.plusSeconds(70),
                    "callcenter/stringee",
                    null,
                    null,
                    new CallEnded(callId, direction, "1900 6868", CallEnded.Outcome.VOICEMAIL, 40L, voicemail));
        } else {
            long duration = 45 + random.nextInt(900);
            emit(
                    c,
                    at.plusSeconds(8),
                    "callcenter/stringee",
                    agent,
                    null,
                    new CallAnswered(callId, direction, "1900 6868"));
            emit(
                    c,
                    at.plusSeconds(8 + duration),
                    "callcenter/stringee",
                    agent,
                    null,
                    new CallEnded(callId, direction, "1900 6868", CallEnded.Outcome.ANSWERED, duration, null));
            emit(
                    c,
                    at.plusSeconds(60 + duration),
                    "callcenter/stringee",
                    agent,
                    null,
                    new CallRecordingReady(callId, direction, "https://rec.example.vn/" + callId + ".mp3", duration));
        }
    }

    private long email(Customer c, Instant at, long score) {
        String messageId = "<m" + (7000 + sequence) + "@mail.shop.vn>";
        if (random.nextBoolean()) {
            String campaign = pick(CAMPAIGNS);
            emit(
                    c,
                    at,
                    "mailbox/marketing",
                    null,
                    null,
                    new EmailSent(
                            messageId,
                            campaign + ": ưu đãi dành riêng cho bạn",
                            c.email(),
                            "Giảm đến 50% cho hàng nghìn sản phẩm, chỉ trong hôm nay…",
                            null,
                            campaign));
        } else {
            String inbound = "<c" + (7000 + sequence) + "@example.vn>";
            emit(
                    c,
                    at,
                    "mailbox/cskh",
                    null,
                    null,
                    new EmailReceived(
                            inbound,
                            "Hỏi về hoá đơn VAT",
                            c.email(),
                            null,
                            "Chào shop,\nMình cần xuất hoá đơn VAT cho đơn hàng tháng trước, công ty: \"Cty TNHH Ánh Dương\".\nCảm ơn!"));
            emit(
                    c,
                    at.plusSeconds(1800),
                    "mailbox/cskh",
                    agent(),
                    null,
                    new EmailSent(
                            messageId,
                            "Re: Hỏi về hoá đơn VAT",
                            c.email(),
                            null,
                            "Dạ shop đã gửi hoá đơn VAT qua email, anh/chị kiểm tra giúp shop nhé.",
                            null));
        }
        emit(c, at.plusSeconds(2000), "mailbox/cskh", null, null, new EmailDelivered(messageId));
        if (random.nextInt(3) > 0) {
            emit(
                    c,
                    at.plus(Duration.ofHours(3)),
                    "mailbox/tracking",
                    null,
                    null,
                    new EmailOpened(messageId, "Mozilla/5.0 (iPhone)"));
            score += 2;
            emit(
                    c,
                    at.plus(Duration.ofHours(3)).plusSeconds(1),
                    "crm/core",
                    null,
                    null,
                    new ScoreChanged(2L, score, "Mở email"));
            if (random.nextBoolean()) {
                emit(
                        c,
                        at.plus(Duration.ofHours(3)).plusSeconds(40),
                        "mailbox/tracking",
                        null,
                        null,
                        new EmailClicked(messageId, "https://shop.vn/uu-dai?utm_source=email"));
            }
        }
        return score;
    }

    private void ticket(Customer c, Instant at) {
        String ticketId = "T-" + (2000 + sequence);
        Staff agent = agent();
        emit(
                c,
                at,
                "helpdesk/main",
                null,
                ticketId,
                new TicketCreated(
                        "Yêu cầu đổi hàng do lỗi sản phẩm",
                        TicketPriority.NORMAL,
                        TicketStatus.NEW,
                        "Khách báo áo bị lỗi đường may, muốn đổi sang size L."));
        emit(
                c,
                at.plus(Duration.ofMinutes(20)),
                "helpdesk/main",
                agent,
                ticketId,
                new TicketCommented(
                        "Đã kiểm tra kho: còn size L. Chờ khách gửi hàng lỗi về.",
                        TicketCommented.Visibility.INTERNAL));
        if (random.nextBoolean()) {
            emit(
                    c,
                    at.plus(Duration.ofMinutes(25)),
                    "helpdesk/main",
                    agent,
                    ticketId,
                    new TicketPriorityChanged(TicketPriority.NORMAL, TicketPriority.HIGH));
        }
        emit(
                c,
                at.plus(Duration.ofMinutes(30)),
                "helpdesk/main",
                agent,
                ticketId,
                new TicketCommented(
                        "Chào anh/chị, shop đã tạo phiếu đổi hàng, bưu tá sẽ tới lấy hàng ngày mai.",
                        TicketCommented.Visibility.PUBLIC));
        emit(
                c,
                at.plus(Duration.ofMinutes(31)),
                "helpdesk/main",
                agent,
                ticketId,
                new TicketStatusChanged(TicketStatus.NEW, TicketStatus.PENDING, 1860L));
        long took = Duration.ofHours(20 + random.nextInt(60)).toSeconds();
        emit(
                c,
                at.plusSeconds(took),
                "helpdesk/main",
                agent,
                ticketId,
                new TicketStatusChanged(TicketStatus.PENDING, TicketStatus.SOLVED, took));
    }

    private void automation(Customer c, Instant at) {
        if (random.nextBoolean()) {
            emit(
                    c,
                    at,
                    "automation/workflows",
                    null,
                    null,
                    new WorkflowExecuted(
                            "wf-12",
                            "Chăm sóc sau mua hàng",
                            "Gửi tin ZNS",
                            Channel.ZALO,
                            "Cảm ơn " + c.name() + " đã mua hàng! Đánh giá đơn hàng để nhận 50 điểm."));
        } else {
            emit(
                    c,
                    at,
                    "automation/triggers",
                    null,
                    null,
                    new TriggerFired(
                            "tr-3",
                            "Bỏ quên giỏ hàng",
                            "Gửi email nhắc giỏ hàng",
                            Channel.EMAIL,
                            "Bạn còn 2 sản phẩm trong giỏ hàng, hoàn tất đơn ngay!"));
        }
    }

    private void emit(
            Customer c, Instant at, String source, @Nullable Staff staff, @Nullable String ticketId, Payload payload) {
        emit(c, at, source, staff, ticketId, List.of(), payload);
    }

    private void emit(
            Customer c,
            Instant at,
            String source,
            @Nullable Staff staff,
            @Nullable String ticketId,
            List<Attachment> attachments,
            Payload payload) {
        if (at.isAfter(now)) {
            return;
        }
        String id = "demo-" + (++sequence);
        events.add(TimelineEvent.builder(TENANT, c.ref())
                .source(source)
                .staff(staff)
                .ticket(ticketId)
                .attachments(attachments)
                .build(id, at, payload));
    }

    private Staff agent() {
        return AGENTS.get(random.nextInt(AGENTS.size()));
    }

    private <T> T pick(T[] options) {
        return options[random.nextInt(options.length)];
    }
}
