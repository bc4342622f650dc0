package dev.timeline.api;

import com.mongodb.client.MongoClients;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;

/** The web slice's store: the in-process server of {@link WebSliceTest}. */
@TestConfiguration(proxyBeanMethods = false)
class WebSliceStore {

    @Bean
    MongoTemplate mongoTemplate() {
        return new MongoTemplate(MongoClients.create(StoredEvents.uri(WebSliceTest.STORE)), "timeline");
    }
}
