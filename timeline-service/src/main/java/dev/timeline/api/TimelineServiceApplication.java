package dev.timeline.api;

import dev.timeline.query.CursorCodec;
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

    /**
     * Signs the keyset cursors of every paged endpoint. Without {@code timeline.api.cursor-secret} a random key: then
     * a cursor works only on the replica that issued it.
     */
    @Bean
    CursorCodec cursorCodec(TimelineApiProperties properties) {
        if (!properties.cursorSecret().isBlank()) {
            return new CursorCodec(properties.cursorSecret().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        org.slf4j.LoggerFactory.getLogger(TimelineServiceApplication.class)
                .warn(
                        "timeline.api.cursor-secret is not set: using a random one, so cursors work only on this replica");
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        return new CursorCodec(random);
    }

    /** Resolves a customer key through identity links and merges to every key of its timeline. */
    @Bean
    CustomerResolver customerResolver(MongoTemplate mongo) {
        return new CustomerResolver(mongo.getDb());
    }
}
