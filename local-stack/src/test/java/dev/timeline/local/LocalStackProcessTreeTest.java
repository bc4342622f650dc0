package dev.timeline.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack is one process tree: killed with SIGKILL, its broker, store and services stop by themselves (no
 * orphans holding the ports); started again on the same data it comes up; a child that dies is started again.
 */
class LocalStackProcessTreeTest {
    private static final Duration PATIENCE = Duration.ofSeconds(180);

    @TempDir
    Path data;

    @Test
    void aKilledStackLeavesNothingRunningAndRestartsCleanlyOnTheSameData() throws Exception {
        List<Integer> ports = List.of(freePort(), freePort(), freePort(), freePort(), freePort(), freePort());
        Process stack = startStack(ports, "first.out");
        Map<String, Long> children = children();
        assertThat(children).containsOnlyKeys("kafka", "store", "ingest-service", "timeline-service", "export-service");

        stack.destroyForcibly().waitFor();

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(children.values())
                        .allSatisfy(pid -> assertThat(ProcessHandle.of(pid)
                                        .map(ProcessHandle::isAlive)
                                        .orElse(false))
                                .as("child %d after the stack was killed", pid)
                                .isFalse()));
        assertThat(ports)
                .allSatisfy(port -> assertThat(free(port)).as("port %d", port).isTrue());

        Process again = startStack(ports, "second.out");
        try {
            assertThat(health(ports.get(4))).isEqualTo(200);
            long store = children().get("store");
            ProcessHandle.of(store).orElseThrow().destroyForcibly();

            await().atMost(PATIENCE)
                    .until(() -> Files.readString(data.resolve("second.out")).contains("store is back"));
            assertThat(children().get("store")).isNotEqualTo(store);
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(health(ports.get(4))).isEqualTo(200));
        } finally {
            again.destroy();
            again.waitFor();
        }
    }

    private Process startStack(List<Integer> ports, String output) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                LocalStack.class.getName(),
                "--home=" + Path.of("..").toAbsolutePath().normalize(),
                "--data-dir=" + data.resolve("local"),
                "--kafka-port=" + ports.get(0),
                "--controller-port=" + ports.get(1),
                "--mongo-port=" + ports.get(2),
                "--ingest-port=" + ports.get(3),
                "--timeline-port=" + ports.get(4),
                "--export-port=" + ports.get(5),
                "--no-demo"));
        Path out = data.resolve(output);
        Process stack = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        await().atMost(PATIENCE).until(() -> {
            assertThat(stack.isAlive()).as(Files.readString(out)).isTrue();
            return Files.readString(out).contains("Everything is up");
        });
        return stack;
    }

    private Map<String, Long> children() throws IOException {
        Map<String, Long> pids = new java.util.TreeMap<>();
        try (var files = Files.list(data.resolve("local").resolve("run"))) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString().replace(".pid", "");
                if (!name.equals("stack")) {
                    pids.put(name, Long.parseLong(Files.readString(file).strip()));
                }
            }
        }
        return pids;
    }

    private static int health(int port) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
