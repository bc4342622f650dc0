package dev.timeline.ingest.normalize;

/** Durations the way an agent reads them: "3 phút 25 giây", "1 giờ 2 phút". */
final class Durations {
    private Durations() {}

    static String vietnamese(long seconds) {
        long h = seconds / 3600;
        long m = (seconds % 3600) / 60;
        long s = seconds % 60;
        StringBuilder out = new StringBuilder();
        if (h > 0) {
            out.append(h).append(" giờ");
        }
        if (m > 0) {
            out.append(out.isEmpty() ? "" : " ").append(m).append(" phút");
        }
        if (s > 0 && h == 0 || out.isEmpty()) {
            out.append(out.isEmpty() ? "" : " ").append(s).append(" giây");
        }
        return out.toString();
    }
}
