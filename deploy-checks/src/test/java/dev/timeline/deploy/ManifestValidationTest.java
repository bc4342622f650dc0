package dev.timeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The deployment files as the tools read them, offline: each Kustomize overlay renders and every object in it
 * matches the Kubernetes, KEDA and Strimzi schemas; the Compose file passes {@code docker-compose config}; all YAML
 * passes yamllint. {@code .ci/run} installs the tools; where one is missing its test is skipped, saying which.
 */
class ManifestValidationTest {
    private static final Path VALIDATOR = Repo.ROOT.resolve("k8s/validate");

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void everyOverlayRendersAndEveryObjectMatchesItsSchema(String overlay, @TempDir Path dir) throws IOException {
        assumeTrue(
                Tools.installed("kubectl", "version", "--client"),
                "kubectl is not installed (apt-get install kubectl)");
        assumeTrue(Tools.installed("node", "--version"), "node is not installed (apt-get install nodejs npm)");

        Tools.Result rendered = Tools.run(Repo.ROOT, Map.of(), "kubectl", "kustomize", "k8s/overlays/" + overlay);
        assertThat(rendered.exit()).as(rendered.output()).isZero();
        Path manifests = dir.resolve(overlay + ".yaml");
        Files.writeString(manifests, rendered.output());
        installValidator();
        Tools.Result validated = Tools.run(VALIDATOR, Map.of(), "node", "validate.mjs", manifests.toString());

        assertThat(validated.exit()).as(validated.output()).isZero();
        assertThat(validated.output()).containsPattern("\\d{2,} objects valid, 0 invalid");
    }

    @Test
    void theValidatorRefusesABrokenObject(@TempDir Path dir) throws IOException {
        assumeTrue(Tools.installed("node", "--version"), "node is not installed (apt-get install nodejs npm)");
        installValidator();
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(
                broken,
                Repo.read("k8s/base/ingest-service.yaml")
                        .replace("replicas: 2", "replicas: two")
                        .replace("port: http\n", "port: 80.5\n"));

        Tools.Result validated = Tools.run(VALIDATOR, Map.of(), "node", "validate.mjs", broken.toString());

        assertThat(validated.exit()).isEqualTo(1);
        assertThat(validated.output()).contains("FAIL Deployment/ingest-service", "replicas must be integer");
    }

    @Test
    void theValidatorRefusesAFieldTheKindDoesNotHave(@TempDir Path dir) throws IOException {
        assumeTrue(Tools.installed("node", "--version"), "node is not installed (apt-get install nodejs npm)");
        installValidator();
        String deployment = Repo.read("k8s/base/ingest-service.yaml");
        assertThat(deployment).contains("readinessProbe:");
        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, deployment.replace("readinessProbe:", "readinessProbee:"));

        Tools.Result validated = Tools.run(VALIDATOR, Map.of(), "node", "validate.mjs", typo.toString());

        assertThat(validated.exit()).isEqualTo(1);
        assertThat(validated.output())
                .contains(
                        "FAIL Deployment/ingest-service",
                        "unknown field(s) spec.template.spec.containers[0].readinessProbee");
    }

    @Test
    void composeFileIsValid() {
        assumeTrue(
                Tools.installed("docker-compose", "version"),
                "docker-compose is not installed (apt-get install docker-compose)");

        Tools.Result config =
                Tools.run(Repo.ROOT, Map.of(), "docker-compose", "-f", "docker-compose.yml", "config", "-q");

        assertThat(config.exit()).as(config.output()).isZero();
    }

    @Test
    void yamlIsLintClean() {
        assumeTrue(Tools.installed("yamllint", "--version"), "yamllint is not installed (apt-get install yamllint)");

        Tools.Result lint =
                Tools.run(Repo.ROOT, Map.of(), "yamllint", "-s", "docker-compose.yml", "k8s", ".yamllint.yaml");

        assertThat(lint.exit()).as(lint.output()).isZero();
    }

    /** {@code npm ci} from the committed lock file, once (the npm registry is the only thing it needs). */
    private static synchronized void installValidator() {
        if (Files.isDirectory(VALIDATOR.resolve("node_modules/kubernetes-models"))) {
            return;
        }
        assumeTrue(Tools.installed("npm", "--version"), "npm is not installed (apt-get install npm)");
        Tools.Result install = Tools.run(VALIDATOR, Map.of(), "npm", "ci", "--no-audit", "--no-fund");
        assertThat(install.exit()).as(install.output()).isZero();
    }
}
