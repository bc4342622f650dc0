package dev.timeline.ingest.write;

import com.mongodb.MongoException;
import dev.timeline.ingest.IngestProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A circuit breaker in front of the store. While the store is down, the listener container retries the batch with
 * back-off (the consumer is paused, nothing is committed); the open breaker makes those retries fail at once instead
 * of each waiting out the driver's server-selection timeout, and its state is exported as
 * {@code resilience4j_circuitbreaker_state{name="timeline-store"}} for alerting.
 */
@Configuration(proxyBeanMethods = false)
class StoreBreakerConfiguration {

    /**
     * A store that does not answer fails a write after {@code store-breaker.server-selection-timeout} (5 s) instead of
     * the driver's 30 s, so that the breaker opens within seconds of an outage and the health shows it.
     */
    @Bean
    org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer storeTimeouts(
            IngestProperties properties) {
        return settings -> settings.applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(
                properties.storeBreaker().serverSelectionTimeout().toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    @Bean
    CircuitBreaker storeBreaker(IngestProperties properties, MeterRegistry meterRegistry) {
        IngestProperties.StoreBreaker settings = properties.storeBreaker();
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.windowSize())
                .minimumNumberOfCalls(Math.min(settings.windowSize(), 3))
                .failureRateThreshold(settings.failureRateThreshold())
                .waitDurationInOpenState(settings.waitInOpen())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordExceptions(MongoException.class)
                .build();
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(config);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meterRegistry);
        return registry.circuitBreaker("timeline-store");
    }
}
