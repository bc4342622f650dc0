package dev.timeline.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Browsers on the configured front-end origins may call the API with the API-key header: read it, and create
 * ({@code POST}) or cancel ({@code DELETE}) export jobs.
 */
@Configuration(proxyBeanMethods = false)
class CorsConfiguration implements WebMvcConfigurer {
    private final WebProperties properties;

    CorsConfiguration(WebProperties properties) {
        this.properties = properties;
    }

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        var origins = properties.corsAllowedOrigins().stream()
                .filter(o -> !o.isBlank())
                .toArray(String[]::new);
        if (origins.length > 0) {
            registry.addMapping("/api/**")
                    .allowedOrigins(origins)
                    .allowedMethods("GET", "POST", "DELETE", "OPTIONS")
                    .allowedHeaders(ApiKeyFilter.HEADER, "Content-Type", "Last-Event-ID")
                    // A new export job's address, a download's file name: unreadable to scripts unless exposed.
                    .exposedHeaders("Location", "Content-Disposition")
                    .maxAge(3600);
        }
    }
}
