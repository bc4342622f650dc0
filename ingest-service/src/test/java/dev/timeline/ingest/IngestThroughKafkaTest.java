package dev.timeline.ingest;

import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The ingest scenarios on a real in-process Kafka broker (KRaft) and the mongo-java-server wire server. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "timeline.ingest.partitions=3",
            "timeline.ingest.retry.initial-interval=200ms",
            "timeline.ingest.retry.max-interval=1s",
            "timeline.ingest.store-breaker.wait-in-open=1s",
            "spring.kafka.consumer.max-poll-records=50"
        })
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class IngestThroughKafkaTest extends IngestScenarios {
    static final MongoWireServer STORE = new MongoWireServer().start();

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> STORE.uri("timeline"));
    }

    @AfterAll
    static void stop() {
        STORE.stop();
    }

    @Override
    void stopStore() {
        STORE.stop();
    }

    @Override
    void startStore() {
        STORE.start();
    }
}
