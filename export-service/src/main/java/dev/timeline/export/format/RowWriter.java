package dev.timeline.export.format;

import java.io.IOException;

/** Writes rows to an output as they come; {@link #close()} finishes the file (for XLSX: writes the workbook). */
public interface RowWriter extends AutoCloseable {

    void write(ExportRow row) throws IOException;

    @Override
    void close() throws IOException;
}
