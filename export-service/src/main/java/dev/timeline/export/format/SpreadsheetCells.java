package dev.timeline.export.format;

import java.util.List;

/**
 * What the spreadsheet formats (CSV, XLSX) write for a row: text that a spreadsheet would run as a formula — a cell
 * starting with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return (OWASP, "CSV Injection") — gets
 * a leading {@code '}, so Excel, LibreOffice and Google Sheets show it as text. Summaries, messages and e-mail subjects
 * are typed by customers, so an export must not turn {@code =HYPERLINK(...)} into a live link, and a score's own
 * summary ({@code +10 điểm}) must not be read as a sum. NDJSON is data for programs and keeps the text as it is.
 */
final class SpreadsheetCells {
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private SpreadsheetCells() {}

    static List<String> of(ExportRow row) {
        return row.values().stream().map(SpreadsheetCells::text).toList();
    }

    static String text(String value) {
        return !value.isEmpty() && FORMULA_STARTS.indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }
}
