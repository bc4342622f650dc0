package dev.timeline.api;

import com.mongodb.client.MongoClients;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The web slice's store: the in-process server of {@link WebSliceTest}, or the MongoDB at {@value #URI_PROPERTY} (the
 * real-MongoDB variants set it to a container's).
 */
@TestConfiguration(proxyBeanMethods = false)
public class WebSliceStore {
    public static final String URI_PROPERTY = "timeline.test.mongo-uri";

    @Bean
    MongoTemplate mongoTemplate(@Value("${" + URI_PROPERTY + ":}") String uri) {
        return new MongoTemplate(
                MongoClients.create(uri.isBlank() ? StoredEvents.uri(WebSliceTest.STORE) : uri), "timeline");
    }
}
