package dev.timeline.ingest;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The same ingest scenarios against real MongoDB and the official Apache Kafka image. Skipped, with JUnit's reason
 * "Docker is not available" in the report, where no Docker engine runs (as on the project's CI machine); run them
 * wherever Docker is. The store outage is a paused container: connections hang and time out, as in a partition.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class IngestOnRealMongoAndKafkaTest extends IngestScenarios {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0.4");

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add(
                "spring.mongodb.uri",
                () -> MONGO.getReplicaSetUrl("timeline")
                        + "?serverSelectionTimeoutMS=1000&connectTimeoutMS=1000&socketTimeoutMS=5000");
        registry.add("spring.kafka.bootstrap-servers", KAFKA::getBootstrapServers);
    }

    @Override
    void stopStore() {
        MONGO.getDockerClient().pauseContainerCmd(MONGO.getContainerId()).exec();
    }

    @Override
    void startStore() {
        MONGO.getDockerClient().unpauseContainerCmd(MONGO.getContainerId()).exec();
    }
}
