package dev.timeline.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code java -jar bench/target/bench.jar ingest [--events=200000]}. */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !args[0].equals("ingest")) {
            System.err.println("usage: java -jar bench/target/bench.jar ingest [--events=N] [--batch=N]");
            System.exit(2);
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i].replaceFirst("^--", "");
            int eq = arg.indexOf('=');
            options.put(eq < 0 ? arg : arg.substring(0, eq), eq < 0 ? "true" : arg.substring(eq + 1));
        }
        new IngestBenchmark(
                        Integer.parseInt(options.getOrDefault("events", "200000")),
                        Integer.parseInt(options.getOrDefault("batch", "1000")))
                .run();
        System.exit(0);
    }
}
