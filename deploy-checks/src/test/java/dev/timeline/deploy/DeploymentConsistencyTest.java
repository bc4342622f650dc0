package dev.timeline.deploy;

import static dev.timeline.deploy.Repo.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.timeline.events.Topic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files say what the code says: ports, probe paths and environment variables are read from each
 * service's {@code application.yml}, topic names from the contract's {@link Topic}; the Dockerfiles, Compose file and
 * Kubernetes manifests must agree with them, not with a copy typed by hand.
 */
class DeploymentConsistencyTest {
    /** The keys of the Secret {@code timeline-secrets}, which is created outside the repository. */
    static final Set<String> SECRET_KEYS = Set.of("MONGO_URI", "TIMELINE_API_KEYS", "TIMELINE_CURSOR_SECRET");

    static List<String> services() {
        return Repo.SERVICES;
    }

    @ParameterizedTest
    @MethodSource("services")
    void portsAreTheOnesTheServicesListenOn(String service) {
        String port = Repo.defaultOf(service, "PORT");
        Map<String, Object> deployment = kubernetes(service, "Deployment");
        Map<String, Object> container = at(deployment, "spec", "template", "spec", "containers", 0);

        assertThat(at(container, "ports", 0, "containerPort").toString()).isEqualTo(port);
        assertThat(env(container)).containsEntry("PORT", port);
        assertThat(at(deployment, "spec", "template", "metadata", "annotations", "prometheus.io/port")
                        .toString())
                .isEqualTo(port);
        assertThat(at(kubernetes(service, "Service"), "spec", "ports", 0, "port")
                        .toString())
                .isEqualTo(port);

        Map<String, Object> composed = compose(service);
        assertThat(at(composed, "environment", "PORT").toString()).isEqualTo(port);
        assertThat(at(composed, "ports", 0).toString()).endsWith(":" + port);
        assertThat(healthcheck(composed)).contains("/dev/tcp/127.0.0.1/" + port + " ");

        String dockerfile = Repo.read(service + "/Dockerfile");
        assertThat(dockerfile)
                .contains("EXPOSE " + port, "PORT=" + port, service + "/target/" + service + "-exec.jar")
                .contains("mvn -B -q -pl " + service + " -am");
    }

    @ParameterizedTest
    @MethodSource("services")
    void probesAskTheHealthGroupsTheServicesExpose(String service) {
        Map<String, Object> config = new Yaml().load(Repo.applicationYaml(service));
        assertThat((Boolean) at(config, "management", "endpoint", "health", "probes", "enabled"))
                .isTrue();
        assertThat((String) at(config, "management", "endpoints", "web", "exposure", "include"))
                .contains("health", "prometheus");
        Map<String, Object> container =
                at(kubernetes(service, "Deployment"), "spec", "template", "spec", "containers", 0);

        assertThat((String) at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        assertThat((String) at(container, "startupProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        assertThat((String) at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
        assertThat(healthcheck(compose(service))).contains("GET /actuator/health/readiness ");
    }

    @ParameterizedTest
    @MethodSource("services")
    void everyEnvironmentVariableSetIsOneTheServiceReads(String service) {
        Set<String> read = Repo.environmentVariables(service);
        Map<String, Object> container =
                at(kubernetes(service, "Deployment"), "spec", "template", "spec", "containers", 0);

        assertThat(env(container).keySet()).isSubsetOf(read);
        Map<String, Object> composeEnvironment = at(compose(service), "environment");
        assertThat(composeEnvironment.keySet()).isSubsetOf(read);

        Map<String, Object> configMap = at(document("k8s/base/config.yaml", "ConfigMap"), "data");
        for (Map<String, Object> variable : envEntries(container)) {
            String configKey = at(variable, "valueFrom", "configMapKeyRef", "key");
            String secretKey = at(variable, "valueFrom", "secretKeyRef", "key");
            if (configKey != null) {
                assertThat(configMap).as("timeline-config").containsKey(configKey);
            }
            if (secretKey != null) {
                assertThat(SECRET_KEYS).as("timeline-secrets").contains(secretKey);
            }
        }
    }

    @Test
    void theTopicsAreTheContractsTopicsEverywhere() {
        Set<String> expected = new LinkedHashSet<>();
        for (Topic topic : Topic.values()) {
            expected.add(topic.topicName());
            expected.add(topic.deadLetterName());
        }
        expected.add(dev.timeline.events.changes.Change.TOPIC);
        Set<String> strimzi = Repo.documents("k8s/base/kafka-topics.yaml").stream()
                .map(d -> (String) at(d, "spec", "topicName"))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        assertThat(strimzi).containsExactlyInAnyOrderElementsOf(expected);
        for (Map<String, Object> topic : Repo.documents("k8s/base/kafka-topics.yaml")) {
            assertThat((String) at(topic, "metadata", "name")).isEqualTo(at(topic, "spec", "topicName"));
        }

        String script =
                ((List<?>) at(compose("kafka-topics"), "command")).get(0).toString();
        Matcher loop = Pattern.compile("for topic in ([^;]+);").matcher(script);
        assertThat(loop.find()).as(script).isTrue();
        assertThat(loop.group(1).trim().split("\\s+"))
                .containsExactlyInAnyOrder(
                        Arrays.stream(Topic.values()).map(Topic::topicName).toArray(String[]::new));
        assertThat(script).contains("\"$$topic" + Topic.DEAD_LETTER_SUFFIX + "\"");
        assertThat(script).contains("--topic " + dev.timeline.events.changes.Change.TOPIC + " ");
        assertThat(at(compose("ingest-service"), "environment", "TIMELINE_CREATE_TOPICS")
                        .toString())
                .isEqualTo("false");
        assertThat(env(at(kubernetes("ingest-service", "Deployment"), "spec", "template", "spec", "containers", 0)))
                .containsEntry("TIMELINE_CREATE_TOPICS", "false");
    }

    @Test
    void ingestScalesOnItsConsumerGroupsLagAndNeverBeyondThePartitions() {
        Map<String, Object> deployment = kubernetes("ingest-service", "Deployment");
        Map<String, Object> scaled = kubernetes("ingest-service", "ScaledObject");
        Map<String, Object> trigger = at(scaled, "spec", "triggers", 0);
        Map<String, String> env = env(at(deployment, "spec", "template", "spec", "containers", 0));

        assertThat((String) at(scaled, "spec", "scaleTargetRef", "name")).isEqualTo(at(deployment, "metadata", "name"));
        assertThat((String) at(trigger, "type")).isEqualTo("kafka");
        assertThat((String) at(trigger, "metadata", "consumerGroup"))
                .isEqualTo(Repo.defaultOf("ingest-service", "INGEST_GROUP_ID"));
        assertThat(env).containsKey(at(trigger, "metadata", "bootstrapServersFromEnv"));

        int consumers =
                (Integer) at(scaled, "spec", "maxReplicaCount") * Integer.parseInt(env.get("INGEST_CONCURRENCY"));
        int fewestPartitions = Repo.documents("k8s/base/kafka-topics.yaml").stream()
                .mapToInt(d -> (Integer) at(d, "spec", "partitions"))
                .min()
                .orElseThrow();
        assertThat(consumers)
                .as("ingest replicas × consumers per replica must not exceed any topic's partitions")
                .isLessThanOrEqualTo(fewestPartitions);
        for (String service : List.of("timeline-service", "export-service")) {
            assertThat((String) at(
                            kubernetes(service, "HorizontalPodAutoscaler"), "spec", "metrics", 0, "resource", "name"))
                    .isEqualTo("cpu");
        }
    }

    @ParameterizedTest
    @MethodSource("services")
    void containersRunAsTheImagesNonRootUserWithLimitsAndGracefulShutdown(String service) {
        Map<String, Object> pod = at(kubernetes(service, "Deployment"), "spec", "template", "spec");
        Map<String, Object> container = at(pod, "containers", 0);
        Matcher user = Pattern.compile("(?m)^USER (\\d+):(\\d+)$").matcher(Repo.read(service + "/Dockerfile"));

        assertThat(user.find()).as("the Dockerfile's USER").isTrue();
        assertThat(at(pod, "securityContext", "runAsUser").toString()).isEqualTo(user.group(1));
        assertThat((Boolean) at(pod, "securityContext", "runAsNonRoot")).isTrue();
        assertThat((Boolean) at(container, "securityContext", "readOnlyRootFilesystem"))
                .isTrue();
        assertThat((String) at(container, "resources", "limits", "memory")).isNotBlank();
        assertThat((String) at(container, "volumeMounts", 0, "mountPath")).isEqualTo("/tmp");
        assertThat((Integer) at(pod, "terminationGracePeriodSeconds"))
                .as("longer than the service's shutdown phase")
                .isGreaterThan(shutdownPhaseSeconds(service));
        assertThat(kubernetes(service, "PodDisruptionBudget")).isNotNull();
    }

    @Test
    void noSecretValueIsInTheRepository() throws IOException {
        List<Path> files = new ArrayList<>(List.of(Repo.ROOT.resolve("docker-compose.yml")));
        try (Stream<Path> k8s = Files.walk(Repo.ROOT.resolve("k8s"))) {
            k8s.filter(p -> p.toString().endsWith(".yaml") && !p.toString().contains("node_modules"))
                    .forEach(files::add);
        }
        Pattern credentials = Pattern.compile("mongodb(\\+srv)?://[^/\\s:@]+:[^/\\s@]+@|BEGIN [A-Z ]*PRIVATE KEY");
        for (Path file : files) {
            assertThat(credentials.matcher(Files.readString(file)).find())
                    .as(file.toString())
                    .isFalse();
            for (Map<String, Object> document :
                    Repo.documents(Repo.ROOT.relativize(file).toString())) {
                assertThat(document.get("kind")).as(file + " holds a Secret").isNotEqualTo("Secret");
            }
        }
        assertThat(Repo.read("k8s/overlays/production/kustomization.yaml")).doesNotContain("secretGenerator");
        for (String service : List.of("timeline-service", "export-service")) {
            assertThat(at(compose(service), "environment", "TIMELINE_API_KEYS").toString())
                    .isEqualTo("${TIMELINE_API_KEYS:-}");
        }
        // The local overlay generates the Secret with the same keys, and no value but a key's hash.
        Map<String, Object> local =
                Repo.documents("k8s/overlays/local/kustomization.yaml").get(0);
        List<String> literals = at(local, "secretGenerator", 0, "literals");
        assertThat(literals.stream().map(l -> l.substring(0, l.indexOf('='))))
                .containsExactlyInAnyOrderElementsOf(SECRET_KEYS);
    }

    private static int shutdownPhaseSeconds(String service) {
        Map<String, Object> config = new Yaml().load(Repo.applicationYaml(service));
        String phase = at(config, "spring", "lifecycle", "timeout-per-shutdown-phase");
        return Integer.parseInt(phase.replace("s", ""));
    }

    private static Map<String, Object> kubernetes(String service, String kind) {
        return document("k8s/base/" + service + ".yaml", kind);
    }

    private static Map<String, Object> document(String file, String kind) {
        return Repo.documents(file).stream()
                .filter(d -> kind.equals(d.get("kind")))
                .findFirst()
                .orElseThrow(() -> new AssertionError(file + " has no " + kind));
    }

    private static Map<String, Object> compose(String service) {
        Map<String, Object> composed = at(Repo.documents("docker-compose.yml").get(0), "services", service);
        assertThat(composed).as("docker-compose.yml service " + service).isNotNull();
        return composed;
    }

    private static String healthcheck(Map<String, Object> composed) {
        List<?> test = at(composed, "healthcheck", "test");
        return test.get(test.size() - 1).toString();
    }

    private static List<Map<String, Object>> envEntries(Map<String, Object> container) {
        List<Map<String, Object>> entries = at(container, "env");
        return entries == null ? List.of() : entries;
    }

    /** A container's environment: literal values, or {@code <from configmap|secret>} for references. */
    private static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (Map<String, Object> variable : envEntries(container)) {
            Object value = variable.get("value");
            env.put(
                    (String) variable.get("name"),
                    value != null ? value.toString() : "<from " + variable.get("valueFrom") + ">");
        }
        return env;
    }
}
