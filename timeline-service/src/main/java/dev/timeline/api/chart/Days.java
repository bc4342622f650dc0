package dev.timeline.api.chart;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The calendar day of an instant in one time zone, remembering the last day's bounds: a chart's entries come in time
 * order, so most fall on the day before them and cost a comparison instead of a time-zone conversion.
 */
final class Days {
    private final ZoneId zone;
    private LocalDate day;
    private long start = Long.MAX_VALUE;
    private long end = Long.MIN_VALUE;

    Days(ZoneId zone) {
        this.zone = zone;
    }

    LocalDate of(long epochMilli) {
        if (epochMilli < start || epochMilli >= end) {
            day = Instant.ofEpochMilli(epochMilli).atZone(zone).toLocalDate();
            start = day.atStartOfDay(zone).toInstant().toEpochMilli();
            end = day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        }
        return day;
    }
}
