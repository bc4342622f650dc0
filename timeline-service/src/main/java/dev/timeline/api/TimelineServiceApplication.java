package dev.timeline.api;

import dev.timeline.query.CustomerResolver;
import dev.timeline.web.WebSupport;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;

@SpringBootApplication
@ConfigurationPropertiesScan
@Import(WebSupport.class)
public class TimelineServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(TimelineServiceApplication.class, args);
    }

    /** Resolves a customer key through identity links and merges to every key of its timeline. */
    @Bean
    CustomerResolver customerResolver(MongoTemplate mongo) {
        return new CustomerResolver(mongo.getDb());
    }
}
