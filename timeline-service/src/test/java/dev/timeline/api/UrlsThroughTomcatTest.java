package dev.timeline.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import de.bwaldvogel.mongo.MongoServer;
import dev.timeline.events.CustomerRef;
import dev.timeline.events.Events;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Real HTTP requests through the embedded Tomcat, whose URL checks run before Spring (MockMvc never meets them): an
 * encoded slash in a customer id reaches the API, and a URL Tomcat refuses still answers with a problem detail.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "timeline.web.api-keys=acme:afacab3575137afa4e00d9cbcafcb14c9ae25f779d964eb0ea5b2c4eb5dfd163",
            "timeline.api.cursor-secret=tomcat-test-cursor-secret"
        })
class UrlsThroughTomcatTest {
    static final MongoServer STORE = StoredEvents.startStore();

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> StoredEvents.uri(STORE));
    }

    @AfterAll
    static void stop() {
        STORE.shutdownNow();
    }

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void fill() {
        mongo.getDb().drop();
        StoredEvents.store(
                mongo,
                List.of(
                        Events.messageReceived("acme", CustomerRef.id("shop/42"), "slash-1", Events.T0),
                        Events.messageReceived("acme", CustomerRef.id("shop"), "plain-1", Events.T0)));
    }

    @Test
    void aCustomerIdWithAnEncodedSlashIsOnePathVariable() throws Exception {
        var timeline = get("/api/v1/customers/shop%2F42/timeline");

        assertThat(timeline.statusCode()).as(timeline.body()).isEqualTo(200);
        assertThat(JsonPath.<String>read(timeline.body(), "$.customer.id")).isEqualTo("shop/42");
        assertThat(JsonPath.<List<String>>read(timeline.body(), "$.items[*].customerId"))
                .containsExactly("shop/42");
        var chart = get("/api/v1/customers/shop%2F42/chart?bucket=day");
        assertThat(chart.statusCode()).as(chart.body()).isEqualTo(200);
        assertThat(JsonPath.<String>read(chart.body(), "$.customerId")).isEqualTo("shop/42");
    }

    @Test
    void anUnknownCustomerWithAnEncodedSlashIsAProblemDetail() throws Exception {
        var missing = get("/api/v1/customers/nobody%2Fhere/timeline");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(JsonPath.<String>read(missing.body(), "$.type"))
                .isEqualTo("https://timeline.dev/problems/not-found");
    }

    @Test
    void aUrlTomcatRefusesIsAnsweredAsAProblemDetailNotAnHtmlPage() throws IOException {
        // "%zz" is no percent-encoding: Tomcat refuses the request line before any servlet sees it. No Java HTTP client
        // sends such a URL, so it goes over a plain socket.
        String response = raw("GET /api/v1/customers/%zz/timeline HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\n"
                + "X-API-Key: acme-key\r\n"
                + "Accept: */*\r\n"
                + "Connection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400");
        String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
        assertThat(head).contains("content-type: application/problem+json");
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertThat(body)
                .doesNotContain("<html")
                .contains("\"type\":\"https://timeline.dev/problems/bad-request\"", "\"status\":400");
    }

    @Test
    void aRequestTomcatRefusesInsideTheApplicationIsAProblemDetailEvenForABrowser() throws IOException {
        // Tomcat answers TRACE with 405 through the application's error page, which would give a browser HTML.
        String response = raw("TRACE /api/v1/customers/shop/timeline HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\n"
                + "Accept: text/html\r\n"
                + "Connection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 405");
        String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
        assertThat(head).contains("content-type: application/problem+json");
        assertThat(response)
                .doesNotContain("<html")
                .contains(
                        "\"type\":\"https://timeline.dev/problems/method-not-allowed\"",
                        "\"instance\":\"/api/v1/customers/shop/timeline\"");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("X-API-Key", "acme-key")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
