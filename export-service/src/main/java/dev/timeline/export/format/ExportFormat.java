package dev.timeline.export.format;

import dev.timeline.query.InvalidParameterException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;

/** The formats an export can take, with their media type and file extension. */
public enum ExportFormat {
    CSV("text/csv; charset=UTF-8", "csv"),
    XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    NDJSON("application/x-ndjson", "ndjson");

    private final String mediaType;
    private final String extension;

    ExportFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }

    public RowWriter open(OutputStream out) throws IOException {
        return switch (this) {
            case CSV -> new CsvRowWriter(out);
            case XLSX -> new XlsxRowWriter(out);
            case NDJSON -> new NdjsonRowWriter(out);
        };
    }

    public static ExportFormat parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("format", "'" + value + "' is not one of [csv, xlsx, ndjson]");
        }
    }
}
