package dev.timeline.export.format;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * XLSX through POI's streaming SXSSF: only the last {@value #WINDOW} rows are in memory, the rest is flushed to a
 * compressed temporary file, so the heap stays flat; a sheet holds at most Excel's 1,048,575 data rows. Every cell
 * is a string cell, and one that would read as a formula once edited is written as text ({@link SpreadsheetCells}).
 */
final class XlsxRowWriter implements RowWriter {
    static final int WINDOW = 100;
    static final int MAX_ROWS = 1_048_575;
    private static final int CELL_MAX = 32_767;

    private final OutputStream out;
    private final SXSSFWorkbook workbook = new SXSSFWorkbook(WINDOW);
    private final SXSSFSheet sheet;
    private int next;

    XlsxRowWriter(OutputStream out) {
        this.out = out;
        workbook.setCompressTempFiles(true);
        sheet = workbook.createSheet("Timeline");
        row(ExportRow.COLUMNS);
    }

    @Override
    public void write(ExportRow row) throws IOException {
        if (next > MAX_ROWS) {
            throw new IOException("more rows than one XLSX sheet holds (" + MAX_ROWS + "); export as CSV or NDJSON");
        }
        row(SpreadsheetCells.of(row));
    }

    private void row(List<String> values) {
        Row row = sheet.createRow(next++);
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            // Excel refuses longer cells; the full text is in the CSV and NDJSON exports.
            row.createCell(i).setCellValue(value.length() > CELL_MAX ? value.substring(0, CELL_MAX) : value);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            workbook.write(out);
            out.flush();
        } finally {
            workbook.close();
        }
    }
}
