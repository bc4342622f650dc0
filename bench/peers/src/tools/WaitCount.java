import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

/**
 * WaitCount LABEL URI DB COLL N T0_EPOCH_MS PID [PARTS_COLL EXPECTED_PARTS EXPECTED_HEADS]
 *
 * Waits until the contender has stored all N events and times it against T0 (taken by the harness right before it
 * launched the contender). Every 50 ms it reads the O(1) `count` command (not a scan).
 *   one document per event (A, B): done when count(COLL) == N, then verified once with countDocuments().
 *   folded (C with PARTS_COLL): the ingest-service keeps the events of calls and sent e-mails in PARTS_COLL and
 *     folds them into one entry each (the head, with partCount) in COLL; done when
 *       count(COLL without partCount) + count(PARTS_COLL) == N.
 *     That filtered count is a scan on this store, so it only runs (at most every 250 ms) once the O(1) counts make
 *     completion possible: count(PARTS_COLL) >= EXPECTED_PARTS and count(COLL) + count(PARTS_COLL) >= N. The
 *     finishing time is the start of the exact count that returned N. Afterwards it waits (≤ 10 s) for all
 *     EXPECTED_HEADS heads and reports how many it saw.
 * Prints RESULT phase=LABEL n wall_ms (T0 .. done) first_ms (T0 .. first document) steady_ms (first .. done) count,
 * and steady_cpu_s / steady_store_cpu_s: user+sys CPU seconds (Linux /proc) of process group PID and of process
 * env PEERS_STORE_PID between the first document and done (the harness reports the whole phase, start-up included).
 * Exits 2 if process PID is gone before the end, there is no progress for 120 s, or 30 min pass; 3 on a wrong count.
 */
public class WaitCount {
    public static void main(String[] a) throws Exception {
        String label = a[0], uri = a[1], dbName = a[2], coll = a[3];
        long n = Long.parseLong(a[4]), t0 = Long.parseLong(a[5]), pid = Long.parseLong(a[6]);
        String parts = a.length > 7 ? a[7] : null;
        long expectedParts = parts == null ? 0 : Long.parseLong(a[8]);
        long expectedHeads = parts == null ? 0 : Long.parseLong(a[9]);
        try (MongoClient mc = MongoClients.create(uri)) {
            MongoDatabase db = mc.getDatabase(dbName);
            long storePid = Long.parseLong(System.getenv().getOrDefault("PEERS_STORE_PID", "0"));
            double cpu0 = 0, store0 = 0;
            long first = -1, lastTotal = -1, lastChange = System.currentTimeMillis(), lastPrint = 0, lastExact = 0;
            int exactScans = 0;
            while (true) {
                long now = System.currentTimeMillis();
                long entries = count(db, coll, null);
                long p = parts == null ? 0 : count(db, parts, null);
                long total = entries + p;
                if (total > 0 && first < 0) { first = now; cpu0 = cpuOfGroup(pid); store0 = cpuOf(storePid); }
                if (total != lastTotal) { lastTotal = total; lastChange = now; }
                boolean done = false;
                long exact = -1;
                if (parts == null) {
                    if (entries >= n) { done = true; exact = db.getCollection(coll).countDocuments(); }
                } else if (p >= expectedParts && total >= n && now - lastExact >= 250) {
                    lastExact = now;
                    exactScans++;
                    exact = count(db, coll, new Document("partCount", new Document("$exists", false))) + count(db, parts, null);
                    done = exact >= n;
                }
                if (done) {
                    String extra = String.format(java.util.Locale.ROOT, " steady_cpu_s=%.1f steady_store_cpu_s=%.1f",
                        cpuOfGroup(pid) - cpu0, cpuOf(storePid) - store0);
                    if (parts != null) {
                        long heads = 0;
                        for (long end = System.currentTimeMillis() + 10_000; System.currentTimeMillis() < end; Thread.sleep(100)) {
                            heads = count(db, coll, new Document("partCount", new Document("$exists", true)));
                            if (heads >= expectedHeads) break;
                        }
                        extra += String.format(" parts=%d heads=%d expected_heads=%d exact_scans=%d", count(db, parts, null), heads, expectedHeads, exactScans);
                    }
                    System.out.printf("RESULT phase=%s n=%d wall_ms=%d first_ms=%d steady_ms=%d count=%d%s%n",
                        label, n, now - t0, first - t0, now - first, exact, extra);
                    System.exit(exact == n ? 0 : 3);
                }
                if (now - lastPrint >= 5000) {
                    System.err.printf("[wait %s] t=%.1fs stored=%d/%d%s%n", label, (now - t0) / 1000.0, total, n,
                        parts == null ? "" : " (entries incl. heads " + entries + ", parts " + p + ")");
                    lastPrint = now;
                }
                String why = null;
                if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) why = "contender process " + pid + " exited";
                else if (now - t0 > 1_800_000) why = "timeout (30 min)";
                else if (now - lastChange > 120_000) why = "no progress for 120 s";
                if (why != null) {
                    System.out.printf("RESULT phase=%s n=%d FAILED=\"%s\" count=%d wall_ms=%d%n", label, n, why, total, now - t0);
                    System.exit(2);
                }
                Thread.sleep(50);
            }
        }
    }

    static final double TICK = Double.parseDouble(System.getenv().getOrDefault("PEERS_CLK_TCK", "100"));

    /** user+sys CPU seconds of one process (0 if unknown). */
    static double cpuOf(long pid) {
        String[] f = stat(java.nio.file.Path.of("/proc/" + pid + "/stat"));
        return f == null ? 0 : (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICK;
    }

    /** user+sys CPU seconds of the live processes of process group pgid. */
    static double cpuOfGroup(long pgid) {
        double s = 0;
        try (var dirs = java.nio.file.Files.newDirectoryStream(java.nio.file.Path.of("/proc"), "[0-9]*")) {
            for (var d : dirs) {
                String[] f = stat(d.resolve("stat"));
                if (f != null && Long.parseLong(f[2]) == pgid) s += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICK;
            }
        } catch (java.io.IOException e) { return 0; }
        return s;
    }

    /** Fields of /proc/PID/stat after "pid (comm) ": [0] state, [1] ppid, [2] pgrp, ... [11] utime, [12] stime. */
    static String[] stat(java.nio.file.Path p) {
        try {
            String st = java.nio.file.Files.readString(p);
            return st.substring(st.lastIndexOf(')') + 2).split(" ");
        } catch (Exception e) { return null; }
    }

    /** The `count` command: O(1) without a query; with one, a scan on mongo-java-server. */
    static long count(MongoDatabase db, String coll, Document query) {
        Document cmd = new Document("count", coll);
        if (query != null) cmd.append("query", query);
        return ((Number) db.runCommand(cmd).get("n")).longValue();
    }
}
