package dev.timeline.api.chart;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * @param bucket {@code day}, {@code week} (Monday to Sunday) or {@code month}, in {@code timeZone}
 * @param channels the channels that have interactions, in the order of their first appearance
 * @param points every bucket from the first to the last, empty ones included, so a chart draws a continuous line
 */
public record Chart(String customerId, String bucket, String timeZone, List<String> channels, List<Point> points) {

    /**
     * @param interactions per channel (absent when only the score was asked for)
     * @param total all interactions of the bucket
     * @param score the accumulated engagement score at the end of the bucket (absent when only interactions were asked
     *     for)
     */
    public record Point(
            LocalDate start,
            LocalDate end,
            @Nullable Map<String, Integer> interactions,
            @Nullable Integer total,
            @Nullable Long score) {}
}
