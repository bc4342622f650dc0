import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The records every contender reads: deterministic CloudEvents 1.0 structured JSON under the project's event contract
 * (README "The event contract"), keyed {@code <tenant>/<customer key>} like {@code TimelineEvent.partitionKey()}, each
 * on its family's topic. Event i of a (kind, seed) is always the same bytes.
 *
 * <ul>
 *   <li>{@code messages}: {@code message.received} (55 %) / {@code message.sent} (45 %, with staff) on
 *       {@code timeline.messages}, ~600 bytes, 1,000 customers over 5 tenants, every 8th with an attachment.
 *   <li>{@code mixed}: blocks of 100 events, each block the same recipe of interactions randomly interleaved (the
 *       events of one interaction stay in order): 40 messages (4 of them from an anonymous Zalo contact), 4 answered
 *       calls (started, answered, ended, recording-ready; half of the inbound ones ring from a phone number, i.e.
 *       another key), 2 missed calls (started, missed), 2 received e-mails, 3 sent e-mails (sent, delivered, then
 *       opened and clicked as seen by a tracking pixel, which names the customer by e-mail address: another key), 2
 *       tickets (created, commented, priority-changed, status-changed), 8 automation events (3 workflow, 3 chatbot, 2
 *       trigger), 10 CRM events (3 stage, 3 score, identity linked and unlinked, a merge and its undo). Every type of
 *       the catalogue but {@code crm.customer-erased}, which creates no entry and deletes others (the counts would
 *       mean nothing). Folded by the ingest-service: 32 events of a block (calls, sent mails) into 9 entries.
 * </ul>
 *
 * Ids are UUID-shaped and unique per (seed, i); contenders A and B store {@code _id = id}, the ingest-service
 * {@code _id = }{@link #entryId} (its {@code EntryIds}).
 */
public final class Traffic {
    public static final List<String> ALL_TOPICS = List.of(
            "timeline.messages", "timeline.calls", "timeline.emails", "timeline.tickets", "timeline.automation",
            "timeline.crm");
    /** Where the ingest-service keeps the events of folded entries (TimelineFields.PARTS_COLLECTION). */
    public static final String PARTS_COLLECTION = "timeline_parts";

    static final int CUSTOMERS = 1000;
    static final int TENANTS = 5;
    static final int BLOCK = 100;
    static final long BASE_MS = Instant.parse("2025-11-01T00:00:00Z").toEpochMilli();
    /**
     * Knobs for the soak (defaults: the records the side-by-side benchmark always used). {@code traffic.tenant}: every
     * event in this one tenant; {@code traffic.bigShare}: per cent of the customer picks that go to customer 0 (a
     * customer with a long history); {@code traffic.stepMs}: event i happens about i × stepMs after 2025-11-01.
     */
    static final String ONE_TENANT = System.getProperty("traffic.tenant");
    static final int BIG_SHARE = Integer.getInteger("traffic.bigShare", 0);
    static final long STEP_MS = Long.getLong("traffic.stepMs", 40);
    static final DateTimeFormatter RFC3339_VN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.ofHours(7));

    static final String[] MSG_CHANNELS = {"facebook", "instagram", "zalo", "livechat", "viber", "telegram"};
    static final String[] MSG_SOURCES = {
        "facebook-page/1021", "instagram/2201", "zalo-oa/4312", "livechat/web", "viber-bot/77", "telegram-bot/55"
    };
    static final String[] STAFF = {
        "Trần Thị Mai", "Bùi Quốc Khánh", "Đặng Thu Hà", "Ngô Thanh Tâm", "Lê Minh Tuấn", "Phạm Ngọc Ánh",
        "Vũ Hoàng Long", "Nguyễn Thị Hồng", "Hoàng Văn Đức", "Đỗ Phương Linh", "Huỳnh Gia Bảo", "Phan Thảo Vy"
    };
    static final String[] PHRASES = {
        "Xin chào, tôi muốn hỏi về đơn hàng đặt hôm qua.",
        "Shop ơi, khi nào giao hàng vậy ạ?",
        "Cảm ơn anh/chị đã liên hệ với bộ phận chăm sóc khách hàng.",
        "Tôi chưa nhận được mã giảm giá như đã hứa.",
        "Sản phẩm bị lỗi ở phần khóa kéo, tôi muốn đổi trả.",
        "Nhân viên tư vấn rất nhiệt tình, tôi rất hài lòng.",
        "Vui lòng gọi lại cho tôi sau 5 giờ chiều.",
        "Đơn hàng đã được xác nhận và đang chờ đơn vị vận chuyển lấy hàng.",
        "Phí vận chuyển đến Đà Nẵng là bao nhiêu vậy?",
        "Tôi muốn cập nhật địa chỉ giao hàng: 12 Nguyễn Huệ, Quận 1, TP. Hồ Chí Minh.",
        "Chương trình khuyến mãi tháng này áp dụng cho những sản phẩm nào?",
        "Hóa đơn điện tử đã được gửi vào hộp thư của quý khách.",
        "Tôi đã thanh toán qua ví điện tử nhưng hệ thống báo lỗi.",
        "Yêu cầu hoàn tiền đang được xử lý, dự kiến 3 đến 5 ngày làm việc.",
        "Cho tôi hỏi cửa hàng ở Hà Nội mở cửa đến mấy giờ?",
        "Mình muốn đổi sang size lớn hơn được không ạ?",
        "Gói bảo hành mở rộng có bao gồm linh kiện không?"
    };
    static final String[] SUBJECTS = {
        "Xác nhận đơn hàng #%d", "Ưu đãi tháng 12 dành riêng cho bạn", "Phiếu đổi hàng đơn #%d",
        "Hóa đơn điện tử đơn #%d", "Khảo sát mức độ hài lòng"
    };

    /**
     * One record. {@code fold} is what the ingest-service folds it into ({@code call:<callId>},
     * {@code email:<messageId>}) or null for an entry of its own.
     */
    public record Ev(
            String topic, String key, byte[] value, String type, String tenant, String source, String id,
            String fold) {
        public String entryId() {
            return Traffic.entryId(tenant, source, id);
        }

        public boolean folded() {
            return fold != null;
        }
    }

    /** Totals the waiters need: one document per event for A/B; entries + parts for the ingest-service. */
    public record Shape(int events, int plain, int folded, int heads) {}

    public final String kind;
    private final long seed;

    public Traffic(String kind, long seed) {
        if (!kind.equals("messages") && !kind.equals("mixed")) {
            throw new IllegalArgumentException("TRAFFIC must be messages or mixed, was " + kind);
        }
        this.kind = kind;
        this.seed = seed;
    }

    public List<String> topics() {
        return kind.equals("messages") ? ALL_TOPICS.subList(0, 1) : ALL_TOPICS;
    }

    /** Events 0 .. n-1 in publication order. */
    public List<Ev> generate(int n) {
        List<Ev> out = new ArrayList<>(n);
        if (kind.equals("messages")) {
            for (int i = 0; i < n; i++) out.add(message(i));
        } else {
            for (int b = 0; out.size() < n; b++) mixedBlock(b, out, n);
        }
        return out;
    }

    public static Shape shape(List<Ev> events) {
        int folded = 0;
        Set<String> heads = new HashSet<>();
        for (Ev e : events) {
            if (e.folded()) {
                folded++;
                heads.add(e.tenant + "|" + e.fold);
            }
        }
        return new Shape(events.size(), events.size() - folded, folded, heads.size());
    }

    // ------------------------------------------------------------------ messages

    private Ev message(long i) {
        SplittableRandom r = new SplittableRandom(mix(seed ^ i));
        int cust = cust(r);
        int ch = r.nextInt(MSG_CHANNELS.length);
        boolean sent = r.nextInt(100) >= 55;
        int target = 560 + r.nextInt(161);
        String tenant = tenant(cust);
        StringBuilder data = new StringBuilder(700);
        data.append("\"customer\":{\"id\":\"").append(customerId(cust)).append("\"}");
        if (sent) data.append(',').append(staff(r));
        data.append(",\"channel\":\"").append(MSG_CHANNELS[ch]).append('"');
        data.append(",\"conversationId\":\"conv-")
                .append(Long.toHexString(mix(cust * 7919L + (i / 50)) & 0xFFFFFFFFFFL))
                .append('"');
        if (i % 8 == 0) {
            data.append(",\"attachments\":[{\"name\":\"anh-").append(i)
                    .append(".jpg\",\"url\":\"https://files.example.vn/").append(MSG_CHANNELS[ch]).append("/anh-")
                    .append(i).append(".jpg\",\"contentType\":\"image/jpeg\"}]");
        }
        data.append(",\"text\":\"");
        int bytes = 225 + utf8Len(data); // + the envelope, ~225 bytes
        boolean first = true;
        while (true) {
            String p = PHRASES[r.nextInt(PHRASES.length)];
            int len = utf8Len(p) + (first ? 0 : 1);
            if (!first && bytes + len > target) break;
            if (!first) data.append(' ');
            data.append(p);
            bytes += len;
            first = false;
        }
        data.append('"');
        String type = sent ? "message.sent" : "message.received";
        return envelope(i, "timeline.messages", type, tenant, tenant + "/" + customerId(cust), MSG_SOURCES[ch],
                data, null, r);
    }

    // ------------------------------------------------------------------ mixed

    /** An event of an interaction before it has its place in the stream (id and time come from the index). */
    private record Spec(String topic, String type, String tenant, String customerKey, String source, String data,
            String fold) {}

    private void mixedBlock(int b, List<Ev> out, int n) {
        SplittableRandom r = new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + b));
        List<List<Spec>> its = new ArrayList<>();
        String p = "b" + b + "-"; // block-unique prefix of call ids, message ids, ticket ids
        for (int k = 0; k < 18; k++) its.add(List.of(msg(r, cust(r), false, false)));
        for (int k = 0; k < 4; k++) its.add(List.of(msg(r, cust(r), false, true)));
        for (int k = 0; k < 18; k++) its.add(List.of(msg(r, cust(r), true, false)));
        for (int k = 0; k < 4; k++) its.add(answeredCall(r, cust(r), p + "c" + k));
        for (int k = 0; k < 2; k++) its.add(missedCall(r, cust(r), p + "m" + k));
        for (int k = 0; k < 2; k++) its.add(List.of(emailReceived(r, cust(r), p + k)));
        for (int k = 0; k < 3; k++) its.add(sentMail(r, cust(r), p + k));
        for (int k = 0; k < 2; k++) its.add(ticket(r, cust(r), "T-" + b + "-" + k));
        for (int k = 0; k < 8; k++) its.add(List.of(automation(r, cust(r), k < 3 ? 0 : k < 6 ? 1 : 2)));
        for (int k = 0; k < 6; k++) its.add(List.of(crmChange(r, cust(r), k < 3)));
        int c = cust(r);
        its.add(List.of(crm(c, "crm.identity-linked",
                "\"identity\":{\"kind\":\"zalo\",\"value\":\"" + zaloId(c) + "\"}")));
        c = cust(r);
        its.add(List.of(crm(c, "crm.identity-unlinked",
                "\"identity\":{\"kind\":\"facebook\",\"value\":\"" + (6500000000L + c * 104729L) + "\"}")));
        c = cust(r);
        int merged = (c + TENANTS * (1 + r.nextInt(CUSTOMERS / TENANTS - 1))) % CUSTOMERS; // same tenant
        String m = "\"mergedCustomerId\":\"" + customerId(merged) + "\"";
        its.add(List.of(crm(c, "crm.customers-merged", m), crm(c, "crm.merge-undone", m)));

        // random interleaving that keeps each interaction's own order
        List<Integer> tokens = new ArrayList<>(BLOCK);
        for (int k = 0; k < its.size(); k++) for (int j = 0; j < its.get(k).size(); j++) tokens.add(k);
        if (tokens.size() != BLOCK) throw new IllegalStateException("block recipe has " + tokens.size());
        for (int k = tokens.size() - 1; k > 0; k--) {
            int j = r.nextInt(k + 1);
            Integer t = tokens.get(k);
            tokens.set(k, tokens.get(j));
            tokens.set(j, t);
        }
        int[] next = new int[its.size()];
        for (int t : tokens) {
            if (out.size() == n) return;
            Spec s = its.get(t).get(next[t]++);
            long i = out.size();
            out.add(envelope(i, s.topic, s.type, s.tenant, s.tenant + "/" + s.customerKey, s.source,
                    new StringBuilder(s.data), s.fold, r));
        }
    }

    private static int cust(SplittableRandom r) {
        if (BIG_SHARE > 0 && r.nextInt(100) < BIG_SHARE) return 0;
        return r.nextInt(CUSTOMERS);
    }

    private Spec msg(SplittableRandom r, int c, boolean sent, boolean anonymous) {
        int ch = anonymous ? 2 : r.nextInt(MSG_CHANNELS.length);
        StringBuilder d = new StringBuilder(400);
        String key;
        if (anonymous) {
            d.append("\"customer\":{\"identity\":{\"kind\":\"zalo\",\"value\":\"").append(zaloId(c)).append("\"}}");
            key = "anon:zalo:" + zaloId(c);
        } else {
            d.append("\"customer\":{\"id\":\"").append(customerId(c)).append("\"}");
            key = customerId(c);
        }
        if (sent) d.append(',').append(staff(r));
        d.append(",\"channel\":\"").append(MSG_CHANNELS[ch]).append('"')
                .append(",\"conversationId\":\"conv-").append(Integer.toHexString(c * 31 + r.nextInt(4))).append('"')
                .append(",\"text\":\"").append(text(r, 1 + r.nextInt(3))).append('"');
        return new Spec("timeline.messages", sent ? "message.sent" : "message.received", tenant(c), key,
                MSG_SOURCES[ch], d.toString(), null);
    }

    private List<Spec> answeredCall(SplittableRandom r, int c, String callId) {
        boolean inbound = r.nextBoolean();
        boolean byPhone = inbound && r.nextBoolean(); // rang from a number the CRM does not know yet
        String dir = inbound ? "inbound" : "outbound";
        String common = "\"callId\":\"" + callId + "\",\"direction\":\"" + dir + "\",\"hotline\":\"1900 6868\"";
        String known = known(c);
        String staff = staff(r);
        long duration = 20 + r.nextInt(900);
        String rec = "https://rec.example.vn/" + callId + ".mp3";
        String fold = "call:" + callId;
        List<Spec> s = new ArrayList<>(4);
        s.add(new Spec("timeline.calls", "call.started", tenant(c), byPhone ? "anon:phone:" + phoneKey(c) : customerId(c),
                "callcenter/stringee",
                (byPhone ? "\"customer\":{\"identity\":{\"kind\":\"phone\",\"value\":\"" + phoneShown(c) + "\"}}"
                        : known) + "," + common, fold));
        s.add(new Spec("timeline.calls", "call.answered", tenant(c), customerId(c), "callcenter/stringee",
                known + "," + staff + "," + common, fold));
        s.add(new Spec("timeline.calls", "call.ended", tenant(c), customerId(c), "callcenter/stringee",
                known + "," + staff + "," + common + ",\"outcome\":\"answered\",\"durationSeconds\":" + duration
                        + ",\"recordingUrl\":\"" + rec + "\"", fold));
        s.add(new Spec("timeline.calls", "call.recording-ready", tenant(c), customerId(c), "callcenter/recorder",
                known + ",\"callId\":\"" + callId + "\",\"direction\":\"" + dir + "\",\"recordingUrl\":\"" + rec
                        + "\",\"durationSeconds\":" + duration, fold));
        return s;
    }

    private List<Spec> missedCall(SplittableRandom r, int c, String callId) {
        String common = "\"callId\":\"" + callId + "\",\"direction\":\"inbound\",\"hotline\":\"1900 6868\"";
        String fold = "call:" + callId;
        return List.of(
                new Spec("timeline.calls", "call.started", tenant(c), customerId(c), "callcenter/stringee",
                        known(c) + "," + common, fold),
                new Spec("timeline.calls", "call.missed", tenant(c), customerId(c), "callcenter/stringee",
                        known(c) + "," + common + ",\"ringSeconds\":" + (5 + r.nextInt(40)), fold));
    }

    private Spec emailReceived(SplittableRandom r, int c, String k) {
        String body = text(r, 2 + r.nextInt(3));
        return new Spec("timeline.emails", "email.received", tenant(c), customerId(c), "mailbox/cskh",
                known(c) + ",\"messageId\":\"<in-" + k + "@mail.example.vn>\",\"subject\":\"" + subject(r)
                        + "\",\"from\":\"" + email(c) + "\",\"preview\":\"" + preview(body) + "\",\"body\":\"" + body
                        + "\"", null);
    }

    private List<Spec> sentMail(SplittableRandom r, int c, String k) {
        String messageId = "<out-" + k + "@mail.shop.vn>";
        String mid = "\"messageId\":\"" + messageId + "\"";
        String body = text(r, 2 + r.nextInt(3));
        String byAddress = "\"customer\":{\"identity\":{\"kind\":\"email\",\"value\":\"" + email(c) + "\"}}";
        String fold = "email:" + messageId;
        String anonKey = "anon:email:" + email(c);
        return List.of(
                new Spec("timeline.emails", "email.sent", tenant(c), customerId(c), "mailbox/cskh",
                        known(c) + "," + staff(r) + "," + mid + ",\"subject\":\"" + subject(r) + "\",\"to\":\""
                                + email(c) + "\",\"preview\":\"" + preview(body) + "\",\"body\":\"" + body + "\""
                                + (r.nextInt(3) == 0 ? ",\"campaign\":\"khuyen-mai-12\"" : ""), fold),
                new Spec("timeline.emails", "email.delivered", tenant(c), customerId(c), "mail-tracking/esp",
                        known(c) + "," + mid, fold),
                new Spec("timeline.emails", "email.opened", tenant(c), anonKey, "mail-tracking/pixel",
                        byAddress + "," + mid
                                + ",\"userAgent\":\"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)\"", fold),
                new Spec("timeline.emails", "email.clicked", tenant(c), anonKey, "mail-tracking/pixel",
                        byAddress + "," + mid + ",\"url\":\"https://shop.example.vn/khuyen-mai?m=" + k + "\"", fold));
    }

    private List<Spec> ticket(SplittableRandom r, int c, String ticketId) {
        String t = ",\"ticketId\":\"" + ticketId + "\"";
        String src = "helpdesk/main";
        return List.of(
                new Spec("timeline.tickets", "ticket.created", tenant(c), customerId(c), src,
                        known(c) + t + ",\"title\":\"" + PHRASES[r.nextInt(PHRASES.length)]
                                + "\",\"priority\":\"normal\",\"status\":\"new\",\"description\":\"" + text(r, 2) + "\"",
                        null),
                new Spec("timeline.tickets", "ticket.commented", tenant(c), customerId(c), src,
                        known(c) + "," + staff(r) + t + ",\"comment\":\"" + text(r, 1)
                                + "\",\"visibility\":\"" + (r.nextBoolean() ? "internal" : "public") + "\"", null),
                new Spec("timeline.tickets", "ticket.priority-changed", tenant(c), customerId(c), src,
                        known(c) + "," + staff(r) + t + ",\"from\":\"normal\",\"to\":\"high\"", null),
                new Spec("timeline.tickets", "ticket.status-changed", tenant(c), customerId(c), src,
                        known(c) + "," + staff(r) + t + ",\"from\":\"new\",\"to\":\"solved\",\"processingSeconds\":"
                                + (600 + r.nextInt(86400)), null));
    }

    private Spec automation(SplittableRandom r, int c, int which) {
        switch (which) {
            case 0:
                return new Spec("timeline.automation", "automation.workflow-executed", tenant(c), customerId(c),
                        "automation/workflows", known(c) + ",\"workflowId\":\"wf-12\",\"workflowName\":\"Chăm sóc sau "
                                + "mua hàng\",\"action\":\"Gửi tin ZNS\",\"sentVia\":\"zalo\",\"content\":\""
                                + text(r, 1) + "\"", null);
            case 1:
                return new Spec("timeline.automation", "automation.chatbot-replied", tenant(c), customerId(c),
                        "chatbot/omni", known(c) + ",\"botId\":\"bot-3\",\"botName\":\"Trợ lý ảo\",\"channel\":\""
                                + MSG_CHANNELS[r.nextInt(MSG_CHANNELS.length)] + "\",\"text\":\"" + text(r, 1) + "\"",
                        null);
            default:
                return new Spec("timeline.automation", "automation.trigger-fired", tenant(c), customerId(c),
                        "automation/triggers", known(c) + ",\"triggerId\":\"trg-5\",\"triggerName\":\"Giỏ hàng bị bỏ "
                                + "quên\",\"action\":\"Gửi email nhắc\",\"sentVia\":\"email\",\"content\":\""
                                + text(r, 1) + "\"", null);
        }
    }

    private Spec crmChange(SplittableRandom r, int c, boolean stage) {
        if (stage) {
            return crm(c, "crm.stage-changed", "\"from\":\"lead\",\"to\":\"customer\",\"pipeline\":\"B2C\"");
        }
        int delta = 5 + r.nextInt(20);
        return crm(c, "crm.score-changed",
                "\"delta\":" + delta + ",\"total\":" + (delta + r.nextInt(500)) + ",\"reason\":\"Mở email\"");
    }

    private Spec crm(int c, String type, String data) {
        return new Spec("timeline.crm", type, tenant(c), customerId(c), "crm/core", known(c) + "," + data, null);
    }

    // ------------------------------------------------------------------ shared pieces

    private Ev envelope(long i, String topic, String type, String tenant, String key, String source,
            CharSequence data, String fold, SplittableRandom r) {
        long ts = BASE_MS + i * STEP_MS + r.nextInt(30);
        String id = id(i);
        StringBuilder sb = new StringBuilder(data.length() + 260);
        sb.append("{\"specversion\":\"1.0\",\"id\":\"").append(id).append('"')
                .append(",\"source\":\"").append(source).append('"')
                .append(",\"type\":\"").append(type).append('"')
                .append(",\"time\":\"").append(RFC3339_VN.format(Instant.ofEpochMilli(ts))).append('"')
                .append(",\"tenant\":\"").append(tenant).append('"')
                .append(",\"datacontenttype\":\"application/json\"")
                .append(",\"data\":{").append(data).append("}}");
        return new Ev(topic, key, sb.toString().getBytes(StandardCharsets.UTF_8), type, tenant, source, id, fold);
    }

    private String id(long i) {
        long hi = (mix(seed * 0x9E3779B97F4A7C15L + i) & 0xFFFFFFFFFFFF0FFFL) | 0x0000000000004000L;
        long lo = (i & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    static String tenant(int cust) {
        if (ONE_TENANT != null) return ONE_TENANT;
        return String.format("tnt-%02d", cust % TENANTS + 1);
    }

    static String customerId(int cust) {
        return String.format("cus-%06d", cust);
    }

    static String known(int cust) {
        return "\"customer\":{\"id\":\"" + customerId(cust) + "\"}";
    }

    static String zaloId(int cust) {
        return Long.toString(8_400_000_000L + cust * 7919L);
    }

    static String email(int cust) {
        return String.format("khach%06d@example.vn", cust);
    }

    /** As a call center shows it ("0912 345 678"); the contract stores phone numbers as +84…. */
    static String phoneShown(int cust) {
        String d = String.format("%08d", 12_000_000 + cust * 4099);
        return "09" + d.substring(0, 1) + " " + d.substring(1, 4) + " " + d.substring(4, 7) + d.substring(7);
    }

    static String phoneKey(int cust) {
        return "+84" + phoneShown(cust).substring(1).replace(" ", "");
    }

    static String staff(SplittableRandom r) {
        int a = r.nextInt(120);
        return "\"staff\":{\"id\":\"agent-" + String.format("%03d", a) + "\",\"name\":\"" + STAFF[a % STAFF.length]
                + "\"}";
    }

    static String text(SplittableRandom r, int phrases) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < phrases; k++) {
            if (k > 0) sb.append(' ');
            sb.append(PHRASES[r.nextInt(PHRASES.length)]);
        }
        return sb.toString();
    }

    static String subject(SplittableRandom r) {
        return String.format(SUBJECTS[r.nextInt(SUBJECTS.length)], 10000 + r.nextInt(90000));
    }

    static String preview(String body) {
        return body.length() <= 60 ? body : body.substring(0, 60);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    static int utf8Len(CharSequence s) {
        int n = 0;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return n;
    }

    /**
     * The ingest-service's document id (common-events {@code EntryIds.of}): the first 16 bytes of SHA-256 over the
     * 4-byte big-endian length-prefixed UTF-8 of tenant, source and event id, base64url without padding.
     * CheckContract compares it with the real EntryIds.
     */
    public static String entryId(String tenant, String source, String eventId) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {tenant, source, eventId}) {
                byte[] b = part.getBytes(StandardCharsets.UTF_8);
                sha.update(new byte[] {(byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8),
                    (byte) b.length});
                sha.update(b);
            }
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha.digest(), 16));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Traffic KIND N [SEED]: the first 3 records, then RESULT phase=shape (what the ingest-service makes of the N). */
    public static void main(String[] a) {
        Traffic t = new Traffic(a[0], a.length > 2 ? Long.parseLong(a[2]) : 42);
        List<Ev> evs = t.generate(Integer.parseInt(a[1]));
        long bytes = 0;
        for (Ev e : evs) bytes += e.value.length;
        for (int k = 0; k < Math.min(3, evs.size()); k++) {
            Ev e = evs.get(k);
            System.out.println(e.topic + "  " + e.key + "  " + new String(e.value, StandardCharsets.UTF_8));
        }
        Shape s = shape(evs);
        System.out.printf("RESULT phase=shape n=%d plain=%d folded=%d heads=%d avg_bytes=%.1f%n", s.events(), s.plain(),
                s.folded(), s.heads(), (double) bytes / evs.size());
    }
}
