package dev.timeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.timeline.events.CustomerRef;
import dev.timeline.events.Events;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The ingest scenarios on a real in-process Kafka broker (KRaft) and the mongo-java-server wire server. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class IngestThroughKafkaTest extends IngestScenarios {
    static final MongoWireServer STORE = new MongoWireServer().start();

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> STORE.uri("timeline"));
        // Not the listener's id: the committed-offset scenarios read this group, so they fail if it is not the one
        // used.
        registry.add("spring.kafka.consumer.group-id", () -> "ingest-under-test");
    }

    @AfterAll
    static void stop() {
        STORE.stop();
    }

    @LocalServerPort
    int port;

    @Test
    void exposesProbesAndIngestMetricsForPrometheus() throws Exception {
        String tenant = tenant();
        publish(Events.everyType(tenant, CustomerRef.id("c1"), "p"));
        awaitCount(
                tenant, Events.everyType(tenant, CustomerRef.id("c1"), "p").size() - 6); // 6 fold into a call, a mail

        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        await().atMost(PATIENCE)
                .untilAsserted(
                        () -> assertThat(get("/actuator/prometheus").body())
                                .contains(
                                        "timeline_ingest_stored_total{application=\"ingest-service\",topic=\"timeline.calls\"}")
                                .contains("timeline_ingest_batch_write_seconds_bucket")
                                .contains("kafka_consumer_fetch_manager_records_lag_max")
                                .contains(
                                        "resilience4j_circuitbreaker_state{application=\"ingest-service\",name=\"timeline-store\",state=\"closed\"} 1.0"));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
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
