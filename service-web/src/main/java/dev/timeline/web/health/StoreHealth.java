package dev.timeline.web.health;

import com.mongodb.client.MongoClient;
import org.bson.Document;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The store's health as {@code mongo}, checked with {@code ping} — which every MongoDB server and the wire servers of
 * the tests answer — instead of Spring Boot's check, which sends {@code hello}. The services put it in their readiness
 * group: a service that cannot reach its store is not ready. An auto-configuration (so test slices without a store
 * leave it out), ahead of Spring Boot's, which steps aside for a bean of this name.
 */
@AutoConfiguration(
        afterName = "org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration",
        beforeName = "org.springframework.boot.mongodb.autoconfigure.health.MongoHealthContributorAutoConfiguration")
@ConditionalOnBean(MongoClient.class)
public class StoreHealth {

    /** The name replaces Spring Boot's own MongoDB health indicator. */
    @Bean
    HealthIndicator mongoHealthIndicator(MongoClient client) {
        return new AbstractHealthIndicator("the store did not answer ping") {
            @Override
            protected void doHealthCheck(Health.Builder builder) {
                long started = System.nanoTime();
                client.getDatabase("admin").runCommand(new Document("ping", 1));
                builder.up().withDetail("pingMillis", (System.nanoTime() - started) / 1_000_000);
            }
        };
    }
}
