package dev.timeline.export;

import java.time.ZoneId;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code timeline.export}; each is in the README with its default.
 *
 * @param collection the collection the ingest service writes
 * @param timeZone the default tenant time zone of the local-time column
 * @param tenantTimeZones per-tenant time zones
 * @param batchSize rows fetched per round trip of the database cursor: the memory an export holds
 */
@ConfigurationProperties("timeline.export")
public record ExportProperties(
        @DefaultValue("timeline") String collection,
        @DefaultValue("Asia/Ho_Chi_Minh") ZoneId timeZone,
        Map<String, ZoneId> tenantTimeZones,
        @DefaultValue("1000") int batchSize) {

    public ExportProperties {
        tenantTimeZones = tenantTimeZones == null ? Map.of() : Map.copyOf(tenantTimeZones);
    }

    public ZoneId zoneOf(String tenant) {
        return tenantTimeZones.getOrDefault(tenant, timeZone);
    }
}
