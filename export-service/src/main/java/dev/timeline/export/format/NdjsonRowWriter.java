package dev.timeline.export.format;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** One JSON object per line (UTF-8, {@code \n}), keys in column order. */
final class NdjsonRowWriter implements RowWriter {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final OutputStream out;

    NdjsonRowWriter(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(ExportRow row) throws IOException {
        Map<String, String> object = new LinkedHashMap<>();
        List<String> values = row.values();
        for (int i = 0; i < values.size(); i++) {
            object.put(ExportRow.COLUMNS.get(i), values.get(i));
        }
        out.write(JSON.writeValueAsBytes(object));
        out.write('\n');
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
