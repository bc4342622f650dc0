package dev.timeline.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Names the service to its store: the MongoDB driver sends {@code spring.application.name} as its {@code appName} in
 * every connection's handshake. Real MongoDB shows it in its log, {@code currentOp} and the profiler; the local store
 * gives each named application's queries a lane of their own, so that one service's burst of reads does not hold up
 * another's.
 */
@Configuration(proxyBeanMethods = false)
public class StoreApplicationName {
    @Bean
    MongoClientSettingsBuilderCustomizer driverApplicationName(@Value("${spring.application.name}") String name) {
        return settings -> settings.applicationName(name);
    }
}
