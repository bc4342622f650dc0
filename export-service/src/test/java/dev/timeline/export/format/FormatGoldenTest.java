package dev.timeline.export.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/**
 * Each format against a golden file, with the text that breaks naive exporters: Vietnamese, commas, quotes, line
 * breaks, emoji, and cells a spreadsheet would run as formulas.
 */
class FormatGoldenTest {
    static final List<ExportRow> ROWS = List.of(
            new ExportRow(
                    "2026-11-20 09:15:00",
                    "2026-11-20T02:15:00Z",
                    "zalo",
                    "Khách hàng gửi tin nhắn",
                    "message.received",
                    "inbound",
                    "Chào shop, áo \"khoác\" còn size M không? 🙏",
                    "Chào shop, áo \"khoác\" còn size M không? 🙏\nCảm ơn!",
                    "",
                    "",
                    "",
                    "",
                    "ao-khoac.jpg <https://files.example.vn/a,b.jpg>",
                    "",
                    "",
                    "",
                    "",
                    "",
                    ""),
            new ExportRow(
                    "2026-11-20 10:02:41",
                    "2026-11-20T03:02:41Z",
                    "phone",
                    "Cuộc gọi kết thúc",
                    "call.ended",
                    "inbound",
                    "Cuộc gọi đến · Đã trả lời · 3 phút 25 giây",
                    "",
                    "Bùi Quốc Khánh (agent-02)",
                    "T-2207",
                    "solved",
                    "high",
                    "",
                    "answered",
                    "205",
                    "https://rec.example.vn/call-7731.mp3",
                    "",
                    "",
                    ""),
            new ExportRow(
                    "2026-11-20 11:30:00",
                    "2026-11-20T04:30:00Z",
                    "email",
                    "Gửi email thành công",
                    "email.sent",
                    "outbound",
                    "Xác nhận đổi hàng, đơn #10234",
                    "Chào anh An,\r\nShop đã tạo phiếu đổi hàng.",
                    "Đặng Thu Hà (agent-01)",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "Xác nhận đổi hàng, đơn #10234",
                    "true",
                    "2"),
            // Text a spreadsheet would run as a formula: the score's own summary, and what anyone may type in a chat.
            new ExportRow(
                    "2026-11-20 12:00:00",
                    "2026-11-20T05:00:00Z",
                    "crm",
                    "Thay đổi điểm tương tác",
                    "crm.score-changed",
                    "internal",
                    "+10 điểm (tổng 120) · Mở email",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    ""),
            new ExportRow(
                    "2026-11-20 12:05:00",
                    "2026-11-20T05:05:00Z",
                    "zalo",
                    "Khách hàng gửi tin nhắn",
                    "message.received",
                    "inbound",
                    "=HYPERLINK(\"http://x\",\"y\")",
                    "@SUM(1+1)*cmd|' /C calc'!A0",
                    "-Khách (agent-09)",
                    "",
                    "",
                    "",
                    "\tbang-gia.xlsx <https://files.example.vn/b.xlsx>",
                    "",
                    "",
                    "",
                    "\r=1+1",
                    "",
                    ""));

    /** What a spreadsheet is given for {@code value}: the OWASP rule, restated here rather than taken from the code. */
    static String shown(String value) {
        return !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }

    static List<List<String>> shownRows() {
        return ROWS.stream()
                .map(r -> r.values().stream().map(FormatGoldenTest::shown).toList())
                .toList();
    }

    static byte[] export(ExportFormat format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RowWriter writer = format.open(out)) {
            for (ExportRow row : ROWS) {
                writer.write(row);
            }
        }
        return out.toByteArray();
    }

    static byte[] golden(String name) throws IOException {
        try (var in = FormatGoldenTest.class.getResourceAsStream("/golden/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void csvMatchesTheGoldenFileStartsWithABomAndQuotesByRfc4180() throws IOException {
        byte[] csv = export(ExportFormat.CSV);

        assertThat(new String(csv, StandardCharsets.UTF_8))
                .isEqualTo(new String(golden("export.csv"), StandardCharsets.UTF_8));
        assertThat(csv).startsWith(0xEF, 0xBB, 0xBF);
        assertThat(new String(csv, StandardCharsets.UTF_8))
                .contains("\"Chào shop, áo \"\"khoác\"\" còn size M không? 🙏\"", "\r\n");
    }

    @Test
    void csvReadsBackAsTheSameRows() throws IOException {
        byte[] csv = export(ExportFormat.CSV);
        var reader = new InputStreamReader(new ByteArrayInputStream(csv, 3, csv.length - 3), StandardCharsets.UTF_8);
        List<CSVRecord> records = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(reader)
                .getRecords();

        assertThat(records).hasSize(ROWS.size());
        for (int i = 0; i < ROWS.size(); i++) {
            assertThat(records.get(i).toList()).isEqualTo(shownRows().get(i));
        }
        assertThat(records.get(0).getParser().getHeaderNames()).isEqualTo(ExportRow.COLUMNS);
    }

    @Test
    void ndjsonMatchesTheGoldenFile() throws IOException {
        assertThat(new String(export(ExportFormat.NDJSON), StandardCharsets.UTF_8))
                .isEqualTo(new String(golden("export.ndjson"), StandardCharsets.UTF_8));
    }

    @Test
    void xlsxHoldsTheSameCells() throws IOException {
        try (var workbook = new XSSFWorkbook(new ByteArrayInputStream(export(ExportFormat.XLSX)))) {
            var sheet = workbook.getSheet("Timeline");
            List<List<String>> rows = new ArrayList<>();
            for (Row row : sheet) {
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < ExportRow.COLUMNS.size(); c++) {
                    var cell = row.getCell(c);
                    cells.add(cell == null ? "" : cell.getStringCellValue());
                }
                rows.add(cells);
            }
            assertThat(rows.get(0)).isEqualTo(ExportRow.COLUMNS);
            assertThat(rows.subList(1, rows.size())).isEqualTo(shownRows());
        }
    }

    @Test
    void spreadsheetsGetFormulasAsQuotedTextAndNdjsonKeepsThemAsTheyAre() throws IOException {
        String csv = new String(export(ExportFormat.CSV), StandardCharsets.UTF_8);
        assertThat(csv)
                .contains(
                        "'+10 điểm (tổng 120) · Mở email",
                        "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
                        "'@SUM(1+1)",
                        "'-Khách (agent-09)",
                        "'\tbang-gia.xlsx",
                        "'\r=1+1")
                // Only a cell's first character counts: a formula sign inside the text is left alone.
                .contains(",2026-11-20T02:15:00Z,", ",Bùi Quốc Khánh (agent-02),", ",\"ao-khoac.jpg <https:")
                .doesNotContain(",=HYPERLINK", ",+10 điểm");

        try (var workbook = new XSSFWorkbook(new ByteArrayInputStream(export(ExportFormat.XLSX)))) {
            var cell = workbook.getSheet("Timeline").getRow(5).getCell(ExportRow.COLUMNS.indexOf("summary"));
            assertThat(cell.getCellType()).isEqualTo(CellType.STRING);
            assertThat(cell.getStringCellValue()).isEqualTo("'=HYPERLINK(\"http://x\",\"y\")");
            assertThat(workbook.getSheet("Timeline")
                            .getRow(4)
                            .getCell(ExportRow.COLUMNS.indexOf("summary"))
                            .getStringCellValue())
                    .isEqualTo("'+10 điểm (tổng 120) · Mở email");
        }

        // NDJSON is data for programs: the text exactly as it was sent.
        assertThat(new String(export(ExportFormat.NDJSON), StandardCharsets.UTF_8))
                .contains("\"summary\":\"=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\"")
                .contains("\"summary\":\"+10 điểm (tổng 120) · Mở email\"")
                .doesNotContain("'=", "'+");
    }
}
