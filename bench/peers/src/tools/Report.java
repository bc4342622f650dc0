import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Report RESULTS_TXT RESULTS_DIR RUN_NAME
 *
 * Turns the RESULT lines of one run into the markdown summary (stdout) and appends one CSV line to
 * RESULTS_DIR/results.csv (throughput runs) or RESULTS_DIR/fresh.csv (freshness runs).
 */
public class Report {
    static final String[][] CONTENDERS = {
        {"A", "A: mongo-kafka-connect 2.0.1 on Connect 4.1.2 (replace-upsert, _id = id)"},
        {"B", "B: the limit (consumer → RawBsonDocument → insertMany 1000 ×2)"},
        {"C", "C: ingest-service (exec jar)"}};

    final Map<String, Map<String, String>> phases = new HashMap<>();
    final List<Map<String, String>> windows = new ArrayList<>();

    public static void main(String[] a) throws Exception {
        new Report().run(Path.of(a[0]), Path.of(a[1]), a[2]);
    }

    void run(Path results, Path dir, String runName) throws Exception {
        for (String line : Files.readAllLines(results)) {
            if (!line.startsWith("RESULT ")) continue;
            Map<String, String> kv = new LinkedHashMap<>();
            for (String tok : line.substring(7).split(" (?=[a-zA-Z_][\\w.-]*=)")) {
                int eq = tok.indexOf('=');
                if (eq > 0) kv.put(tok.substring(0, eq), tok.substring(eq + 1).replace("\"", ""));
            }
            if ("fresh_window".equals(kv.get("phase"))) windows.add(kv); else phases.put(kv.get("phase"), kv);
        }
        Map<String, String> run = phases.getOrDefault("run", Map.of());
        if (phases.containsKey("fresh")) fresh(dir, runName, run); else throughput(dir, runName, run);
    }

    void throughput(Path dir, String runName, Map<String, String> run) throws Exception {
        Map<String, String> prod = phases.getOrDefault("produce", Map.of());
        long n = Long.parseLong(run.getOrDefault("n", "0"));
        System.out.printf("### %s: TRAFFIC=%s, N=%,d (%s B/event on average; %s), %s cores, load %s → %s%n%n", runName,
            run.get("traffic"), n, prod.getOrDefault("avg_bytes", "?"), run.getOrDefault("topics", "?"), run.get("cores"),
            run.get("load_before"), run.get("load_after"));
        System.out.printf("produce: %s events/s (Java producer, linger 10 ms, 256 KiB batches, acks=all)%n%n", eps(n, prod.get("ms")));
        System.out.println("| contender | wall s | wall events/s | first doc s | steady s | steady events/s | CPU s contender | CPU s store | CPU ms / 1000 events | steady CPU ms / 1000 events | peak RSS MiB |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Map<String, double[]> rates = new HashMap<>(); // wall, steady
        List<String> csv = new ArrayList<>(List.of(runName, run.getOrDefault("traffic", ""), String.valueOf(n),
            prod.getOrDefault("avg_bytes", ""), eps(n, prod.get("ms")).replace(",", "")));
        for (String[] c : CONTENDERS) {
            Map<String, String> r = phases.get(c[0]), proc = phases.getOrDefault(c[0] + "_proc", Map.of());
            if (r == null) { csv.addAll(List.of("", "", "", "", "", "", "", "", "")); continue; }
            if (r.containsKey("FAILED")) {
                System.out.printf("| %s | FAILED: %s (count %s) | | | | | | | | | |%n", c[1], r.get("FAILED"), r.get("count"));
                csv.addAll(List.of("FAILED", "", "", "", "", "", "", "", ""));
                continue;
            }
            double wall = n * 1000.0 / Long.parseLong(r.get("wall_ms")), steady = n * 1000.0 / Long.parseLong(r.get("steady_ms"));
            rates.put(c[0], new double[] {wall, steady});
            double cpu = Double.parseDouble(proc.getOrDefault("cpu_s", "0")), store = Double.parseDouble(proc.getOrDefault("store_cpu_s", "0"));
            String perK = String.format(Locale.ROOT, "%.1f", (cpu + store) * 1e6 / n);
            String steadyPerK = String.format(Locale.ROOT, "%.1f", (Double.parseDouble(r.getOrDefault("steady_cpu_s", "0"))
                + Double.parseDouble(r.getOrDefault("steady_store_cpu_s", "0"))) * 1e6 / n);
            System.out.printf(Locale.ROOT, "| %s | %.1f | %,.0f | %.1f | %.1f | %,.0f | %.1f | %.1f | %s | %s | %s |%n", c[1],
                s(r.get("wall_ms")), wall, s(r.get("first_ms")), s(r.get("steady_ms")), steady, cpu, store, perK, steadyPerK,
                proc.getOrDefault("rss_mb", "?"));
            csv.addAll(List.of(f0(wall), f0(steady), f1(s(r.get("first_ms"))), f1(cpu), f1(store), perK, steadyPerK, proc.getOrDefault("rss_mb", ""),
                proc.getOrDefault("broker_cpu_s", "")));
        }
        System.out.println();
        System.out.println("| ratio (throughput) | wall | steady |");
        System.out.println("|---|---:|---:|");
        String[][] ratios = {{"C", "B"}, {"A", "B"}, {"C", "A"}};
        for (String[] q : ratios) {
            double[] x = rates.get(q[0]), y = rates.get(q[1]);
            String w = x == null || y == null ? "-" : String.format(Locale.ROOT, "%.2f", x[0] / y[0]);
            String st = x == null || y == null ? "-" : String.format(Locale.ROOT, "%.2f", x[1] / y[1]);
            System.out.printf("| %s/%s | %s | %s |%n", q[0], q[1], w, st);
            csv.addAll(List.of(w.equals("-") ? "" : w, st.equals("-") ? "" : st));
        }
        System.out.println();
        for (String[] c : CONTENDERS) {
            Map<String, String> r = phases.get(c[0]);
            if (r != null && r.containsKey("heads"))
                System.out.printf("%s stored %s entries + parts (%s parts, %s folded entries of %s expected, %s exact count scans)%n",
                    c[0], r.get("count"), r.get("parts"), r.get("heads"), r.get("expected_heads"), r.get("exact_scans"));
        }
        Map<String, String> ing = phases.get("C_ingest");
        if (ing != null)
            System.out.printf("C metrics: stored %s, deduplicated %s, dead-lettered %s, suppressed %s; records on timeline.*-dlt: %s%n",
                ing.get("stored"), ing.get("deduplicated"), ing.get("dead_lettered"), ing.get("suppressed"),
                phases.getOrDefault("C_dlt", Map.of()).getOrDefault("total", "?"));
        System.out.println("wall = launch → all stored; steady = first document → all stored; first doc = launch → first document;"
            + " CPU = user+sys from /proc during the phase (launch → all stored), steady CPU = from the first document on,"
            + " both contender + store; peak RSS = VmHWM of the contender's processes when all was stored.");
        csv.addAll(List.of(run.getOrDefault("load_before", ""), run.getOrDefault("load_after", ""), run.getOrDefault("cores", ""),
            "\"" + run.getOrDefault("contenders", "") + "\""));
        StringBuilder header = new StringBuilder("run,traffic,n,avg_bytes,produce_eps");
        for (String c : new String[] {"a", "b", "c"})
            for (String col : new String[] {"wall_eps", "steady_eps", "first_s", "cpu_s", "store_cpu_s", "cpu_ms_per_1k", "steady_cpu_ms_per_1k", "rss_mb", "broker_cpu_s"})
                header.append(',').append(c).append('_').append(col);
        header.append(",c_b_wall,c_b_steady,a_b_wall,a_b_steady,c_a_wall,c_a_steady,load_before,load_after,cores,contenders");
        append(dir.resolve("results.csv"), header.toString(), String.join(",", csv));
    }

    void fresh(Path dir, String runName, Map<String, String> run) throws Exception {
        Map<String, String> f = phases.get("fresh");
        System.out.printf("### %s: freshness of C, TRAFFIC=%s, %s events/s for %s s (achieved %s/s), %s cores, load %s → %s%n%n", runName,
            f.get("traffic"), f.get("rate_target"), run.get("fresh_seconds"), f.get("rate_achieved"), run.get("cores"),
            run.get("load_before"), run.get("load_after"));
        System.out.println("| produced → visible | samples | p50 ms | p90 ms | p99 ms | max ms |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        System.out.printf("| all (seen %s of %s) | %s | %s | %s | %s | %s |%n", f.get("seen"), f.get("samples"), f.get("seen"),
            f.get("p50_ms"), f.get("p90_ms"), f.get("p99_ms"), f.get("max_ms"));
        boolean warm = !"0".equals(f.get("warm_samples"));
        System.out.printf("| sent ≥ %s s after the first send | %s | %s | | %s | |%n", f.get("warm_after_s"), f.get("warm_samples"),
            warm ? f.get("warm_p50_ms") : "-", warm ? f.get("warm_p99_ms") : "-");
        for (Map<String, String> w : windows)
            System.out.printf("| sent %s–%d s after the first send | %s | %s | | %s | %s |%n", w.get("from_s"), Integer.parseInt(w.get("from_s")) + 10,
                w.get("samples"), w.get("p50_ms"), w.get("p99_ms"), w.get("max_ms"));
        Map<String, String> c = phases.getOrDefault("C", Map.of());
        System.out.printf("%nC had its partitions %.1f s after launch; publishing began 3 s later. All %s events stored: %s%n",
            s(phases.getOrDefault("C_ready", Map.of("ready_ms", "-1000")).get("ready_ms")), f.get("n"),
            c.containsKey("FAILED") || c.isEmpty() ? "NO (" + c.get("FAILED") + ")" : "yes");
        Map<String, String> ing = phases.get("C_ingest");
        if (ing != null) System.out.printf("C metrics: stored %s, deduplicated %s, dead-lettered %s%n", ing.get("stored"), ing.get("deduplicated"), ing.get("dead_lettered"));
        append(dir.resolve("fresh.csv"), "run,traffic,rate_target,rate_achieved,seconds,samples,seen,p50_ms,p90_ms,p99_ms,max_ms,warm_after_s,warm_samples,warm_p50_ms,warm_p99_ms,load_before,load_after",
            String.join(",", runName, f.get("traffic"), f.get("rate_target"), f.get("rate_achieved"), run.getOrDefault("fresh_seconds", ""),
                f.get("samples"), f.get("seen"), f.get("p50_ms"), f.get("p90_ms"), f.get("p99_ms"), f.get("max_ms"), f.get("warm_after_s"),
                f.get("warm_samples"), f.get("warm_p50_ms"), f.get("warm_p99_ms"), run.getOrDefault("load_before", ""), run.getOrDefault("load_after", "")));
    }

    static void append(Path csv, String header, String line) throws Exception {
        if (!Files.exists(csv)) Files.writeString(csv, header + "\n");
        Files.writeString(csv, line + "\n", StandardOpenOption.APPEND);
    }

    static double s(String ms) { return Long.parseLong(ms) / 1000.0; }
    static String f0(double d) { return String.format(Locale.ROOT, "%.0f", d); }
    static String f1(double d) { return String.format(Locale.ROOT, "%.1f", d); }
    static String eps(long n, String ms) {
        return ms == null || ms.equals("0") ? "-" : String.format(Locale.ROOT, "%,.0f", n * 1000.0 / Long.parseLong(ms));
    }
}
