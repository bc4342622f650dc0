package dev.timeline.query;

import dev.timeline.events.Channel;
import dev.timeline.events.Direction;
import dev.timeline.events.EventType;
import dev.timeline.events.SearchText;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Reads the filter parameters of a request. A parameter may be repeated or hold comma-separated values
 * ({@code channel=zalo,phone} or {@code channel=zalo&channel=phone}). Every value is checked against what exists, so a
 * typo answers 400 naming the parameter instead of an empty timeline; unknown parameter names are refused the same way.
 */
public final class FilterParser {
    public static final String Q = "q";
    public static final String TYPE = "type";
    public static final String EXCLUDE_TYPE = "excludeType";
    public static final String SOURCE = "source";
    public static final String EXCLUDE_SOURCE = "excludeSource";
    public static final String CHANNEL = "channel";
    public static final String DIRECTION = "direction";
    public static final String STAFF = "staff";
    public static final String FROM = "from";
    public static final String TO = "to";
    public static final Set<String> FILTER_PARAMETERS =
            Set.of(Q, TYPE, EXCLUDE_TYPE, SOURCE, EXCLUDE_SOURCE, CHANNEL, DIRECTION, STAFF, FROM, TO);

    static final int Q_MAX = 100;
    static final int WORDS_MAX = 8;
    static final int VALUE_MAX = 200;
    static final int VALUES_MAX = 50;

    private static final Set<String> TYPES =
            Arrays.stream(EventType.values()).map(EventType::wire).collect(Collectors.toUnmodifiableSet());
    private static final Set<String> CHANNELS =
            Arrays.stream(Channel.values()).map(Channel::wire).collect(Collectors.toUnmodifiableSet());
    private static final Set<String> DIRECTIONS =
            Arrays.stream(Direction.values()).map(Direction::wire).collect(Collectors.toUnmodifiableSet());

    private FilterParser() {}

    /**
     * @param params every query parameter of the request
     * @param alsoAllowed parameter names the caller handles itself (e.g. {@code limit}, {@code cursor})
     * @param zone the tenant's time zone, for dates given without a time ({@code from=2026-11-01})
     */
    public static TimelineFilter parse(Map<String, List<String>> params, Set<String> alsoAllowed, ZoneId zone) {
        for (String name : params.keySet()) {
            if (!FILTER_PARAMETERS.contains(name) && !alsoAllowed.contains(name)) {
                throw new InvalidParameterException(name, "unknown parameter; known are " + known(alsoAllowed));
            }
        }
        Instant from = instant(params, FROM, zone, false);
        Instant to = instant(params, TO, zone, true);
        if (from != null && to != null && from.isAfter(to)) {
            throw new InvalidParameterException(FROM, "must not be after 'to'");
        }
        return new TimelineFilter(
                words(params),
                known(params, TYPE, TYPES),
                known(params, EXCLUDE_TYPE, TYPES),
                free(params, SOURCE),
                free(params, EXCLUDE_SOURCE),
                known(params, CHANNEL, CHANNELS),
                known(params, DIRECTION, DIRECTIONS),
                free(params, STAFF),
                from,
                to);
    }

    /** An integer parameter within bounds, or the default when absent. */
    public static int intParameter(Map<String, List<String>> params, String name, int fallback, int min, int max) {
        String raw = single(params, name);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.strip());
            if (value < min || value > max) {
                throw new InvalidParameterException(name, "must be between " + min + " and " + max + ", was " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new InvalidParameterException(name, "must be a whole number between " + min + " and " + max);
        }
    }

    /** A parameter given at most once. */
    public static @Nullable String single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new InvalidParameterException(name, "must be given once");
        }
        return values.get(0);
    }

    private static List<String> words(Map<String, List<String>> params) {
        String q = single(params, Q);
        if (q == null || q.isBlank()) {
            return List.of();
        }
        if (q.length() > Q_MAX) {
            throw new InvalidParameterException(Q, "is longer than " + Q_MAX + " characters");
        }
        List<String> words = Arrays.stream(SearchText.fold(q).split(" "))
                .filter(w -> !w.isBlank())
                .distinct()
                .toList();
        if (words.size() > WORDS_MAX) {
            throw new InvalidParameterException(Q, "has more than " + WORDS_MAX + " words");
        }
        return words;
    }

    private static Set<String> known(Map<String, List<String>> params, String name, Set<String> allowed) {
        Set<String> values = values(params, name);
        for (String value : values) {
            if (!allowed.contains(value)) {
                throw new InvalidParameterException(
                        name,
                        "'" + abbreviate(value) + "' is not one of "
                                + allowed.stream().sorted().toList());
            }
        }
        return values;
    }

    private static Set<String> free(Map<String, List<String>> params, String name) {
        Set<String> values = values(params, name);
        for (String value : values) {
            if (value.length() > VALUE_MAX) {
                throw new InvalidParameterException(name, "values are at most " + VALUE_MAX + " characters");
            }
        }
        return values;
    }

    private static Set<String> values(Map<String, List<String>> params, String name) {
        List<String> raw = params.get(name);
        if (raw == null) {
            return Set.of();
        }
        Set<String> values = new LinkedHashSet<>();
        for (String item : raw) {
            for (String value : item.split(",")) {
                if (!value.isBlank()) {
                    values.add(value.strip());
                }
            }
        }
        if (values.size() > VALUES_MAX) {
            throw new InvalidParameterException(name, "takes at most " + VALUES_MAX + " values");
        }
        return Set.copyOf(values);
    }

    private static @Nullable Instant instant(
            Map<String, List<String>> params, String name, ZoneId zone, boolean endOfDay) {
        String raw = single(params, name);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(raw.strip()).toInstant();
        } catch (DateTimeParseException notATimestamp) {
            try {
                LocalDate date = LocalDate.parse(raw.strip());
                return (endOfDay ? date.plusDays(1) : date)
                        .atStartOfDay(zone)
                        .toInstant()
                        .minusMillis(endOfDay ? 1 : 0);
            } catch (DateTimeParseException notADate) {
                throw new InvalidParameterException(
                        name, "must be a date (2026-11-01) or an RFC 3339 timestamp (2026-11-01T08:00:00+07:00)");
            }
        }
    }

    private static String known(Set<String> alsoAllowed) {
        return Arrays.toString(java.util.stream.Stream.concat(FILTER_PARAMETERS.stream(), alsoAllowed.stream())
                .sorted()
                .toArray());
    }

    private static String abbreviate(String value) {
        return value.length() <= 60 ? value : value.substring(0, 57) + "...";
    }
}
