package dev.timeline.api;

import dev.timeline.query.CursorCodec;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one cursor codec of every paged endpoint (timelines, refused events). */
@Configuration(proxyBeanMethods = false)
public class CursorConfiguration {

    /**
     * Signs the keyset cursors. Without {@code timeline.api.cursor-secret} a random key: then a cursor works only on
     * the replica that issued it.
     */
    @Bean
    CursorCodec cursorCodec(TimelineApiProperties properties) {
        if (!properties.cursorSecret().isBlank()) {
            return new CursorCodec(properties.cursorSecret().getBytes(StandardCharsets.UTF_8));
        }
        LoggerFactory.getLogger(CursorConfiguration.class)
                .warn(
                        "timeline.api.cursor-secret is not set: using a random one, so cursors work only on this replica");
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return new CursorCodec(random);
    }
}
