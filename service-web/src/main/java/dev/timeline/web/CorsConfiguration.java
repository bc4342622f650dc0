package dev.timeline.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Browsers on the configured front-end origins may call the API (read-only, with the API-key header). */
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
                    .allowedMethods("GET", "OPTIONS")
                    .allowedHeaders("X-API-Key", "Content-Type")
                    .maxAge(3600);
        }
    }
}
