package dev.timeline.api;

import java.time.ZoneId;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code timeline.api}; each is listed with its default in the README.
 *
 * @param collection the MongoDB collection the ingest service writes
 * @param cursorSecret the HMAC key of paging cursors; the same on every replica (empty: a random one per process)
 * @param defaultLimit page size when the caller gives none
 * @param maxLimit the largest page a caller may ask for
 * @param ticketUrlTemplate the link of a ticket, {@code {ticketId}} replaced, so the UI can open it in a new tab
 * @param timeZone the default time zone of a tenant, for chart buckets and plain dates in filters
 * @param tenants per-tenant overrides of {@code timeZone} and {@code ticketUrlTemplate}
 */
@ConfigurationProperties("timeline.api")
public record TimelineApiProperties(
        @DefaultValue("timeline") String collection,
        @DefaultValue("") String cursorSecret,
        @DefaultValue("50") int defaultLimit,
        @DefaultValue("200") int maxLimit,

        @DefaultValue("https://helpdesk.example.vn/tickets/{ticketId}")
        String ticketUrlTemplate,

        @DefaultValue("Asia/Ho_Chi_Minh") ZoneId timeZone,
        Map<String, Tenant> tenants) {

    public TimelineApiProperties {
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
    }

    public record Tenant(
            @Nullable ZoneId timeZone, @Nullable String ticketUrlTemplate) {}

    public ZoneId zoneOf(String tenant) {
        Tenant settings = tenants.get(tenant);
        return settings != null && settings.timeZone() != null ? settings.timeZone() : timeZone;
    }

    public String ticketUrl(String tenant, String ticketId) {
        Tenant settings = tenants.get(tenant);
        String template = settings != null && settings.ticketUrlTemplate() != null
                ? settings.ticketUrlTemplate()
                : ticketUrlTemplate;
        return template.replace(
                "{ticketId}", java.net.URLEncoder.encode(ticketId, java.nio.charset.StandardCharsets.UTF_8));
    }
}
