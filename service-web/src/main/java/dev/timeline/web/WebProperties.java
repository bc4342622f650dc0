package dev.timeline.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code timeline.web}, the same for every HTTP service.
 *
 * @param apiKeys {@code tenant:sha256hex} pairs, comma-separated: the SHA-256 of each tenant's API key, never the key
 * @param corsAllowedOrigins front-end origins allowed to call the API from a browser
 */
@ConfigurationProperties("timeline.web")
public record WebProperties(
        @DefaultValue("") String apiKeys, @DefaultValue("") List<String> corsAllowedOrigins) {}
