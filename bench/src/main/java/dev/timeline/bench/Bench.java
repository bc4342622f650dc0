package dev.timeline.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code java -jar bench/target/bench.jar ingest [--events=200000]}. */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("store")) {
            StoreProcess.serve();
            return;
        }
        if (args.length > 0 && args[0].equals("jmh")) {
            dev.timeline.bench.jmh.DecodeNormalizeBenchmark.main(args);
            return;
        }
        if (args.length > 0 && args[0].equals("wire-store")) {
            dev.timeline.wirestore.WireStore.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("memory-store")) {
            var server = new de.bwaldvogel.mongo.MongoServer(new de.bwaldvogel.mongo.backend.memory.MemoryBackend());
            System.out.println("MEMORY STORE READY " + server.bindAndGetConnectionString());
            Thread.currentThread().join();
            return;
        }
        if (args.length == 0
                || !List.of("ingest", "timeline", "export", "local-store").contains(args[0])) {
            System.err.println("usage: java -jar bench/target/bench.jar ingest [--events=N] [--batch=N]");
            System.err.println("       java -jar bench/target/bench.jar jmh   (decode + normalize per event)");
            System.err.println(
                    "       java -jar bench/target/bench.jar timeline [--events=N] [--customer-events=N] [--requests=N]");
            System.err.println("       java -jar bench/target/bench.jar export [--rows=N] [--store-heap=8g]");
            System.err.println("       java -jar bench/target/bench.jar local-store [--events=N] [--customer-events=N]"
                    + " [--requests=N] [--store-heap=1g]");
            System.exit(2);
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i].replaceFirst("^--", "");
            int eq = arg.indexOf('=');
            options.put(eq < 0 ? arg : arg.substring(0, eq), eq < 0 ? "true" : arg.substring(eq + 1));
        }
        if (args[0].equals("export")) {
            new ExportBenchmark(
                            Integer.parseInt(options.getOrDefault("rows", "1000000")),
                            options.getOrDefault("store-heap", "8g"))
                    .run();
            System.exit(0);
        }
        if (args[0].equals("local-store")) {
            new StoreBenchmark(
                            Integer.parseInt(options.getOrDefault("events", "1000000")),
                            Integer.parseInt(options.getOrDefault("customer-events", "100000")),
                            Integer.parseInt(options.getOrDefault("requests", "50")),
                            options.getOrDefault("store-heap", "1g"))
                    .run();
            System.exit(0);
        }
        if (args[0].equals("timeline")) {
            new TimelineQueryBenchmark(
                            Integer.parseInt(options.getOrDefault("events", "1000000")),
                            Integer.parseInt(options.getOrDefault("customer-events", "100000")),
                            Integer.parseInt(options.getOrDefault("requests", "20")))
                    .run();
            System.exit(0);
        }
        new IngestBenchmark(
                        Integer.parseInt(options.getOrDefault("events", "200000")),
                        Integer.parseInt(options.getOrDefault("batch", "1000")))
                .run();
        System.exit(0);
    }
}
