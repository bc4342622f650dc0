package dev.timeline.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fixture: the CloudEvents examples in the root README, in order, so tests keep the README true. */
public final class ReadmeExamples {
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);

    private ReadmeExamples() {}

    public static List<String> in(Path readme) throws IOException {
        Matcher blocks = JSON_BLOCK.matcher(Files.readString(readme, StandardCharsets.UTF_8));
        List<String> examples = new ArrayList<>();
        while (blocks.find()) {
            if (blocks.group(1).contains("\"specversion\"")) {
                examples.add(blocks.group(1));
            }
        }
        return examples;
    }
}
