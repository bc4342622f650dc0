package dev.timeline.export.format;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * RFC 4180 CSV in UTF-8 with a byte-order mark, so Excel shows Vietnamese text correctly; fields with commas, quotes
 * or line breaks are quoted, quotes doubled, lines end with CRLF; a cell a spreadsheet would run as a formula is
 * written as text ({@link SpreadsheetCells}).
 */
final class CsvRowWriter implements RowWriter {
    private final CSVPrinter printer;

    CsvRowWriter(OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        writer.write('\uFEFF');
        this.printer = new CSVPrinter(
                writer,
                CSVFormat.RFC4180
                        .builder()
                        .setHeader(ExportRow.COLUMNS.toArray(String[]::new))
                        .get());
    }

    @Override
    public void write(ExportRow row) throws IOException {
        printer.printRecord(SpreadsheetCells.of(row));
    }

    @Override
    public void close() throws IOException {
        printer.flush();
        printer.close(true);
    }
}
