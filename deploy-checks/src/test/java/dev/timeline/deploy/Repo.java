package dev.timeline.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/** The repository's files, read as the services read them: the source of truth the deployment files must match. */
final class Repo {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final List<String> SERVICES = List.of("ingest-service", "timeline-service", "export-service");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");

    private Repo() {}

    static String read(String relative) {
        try {
            return Files.readString(ROOT.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a YAML file (Kubernetes files hold several). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents(String relative) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(read(relative))) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }

    /** The environment variables a service's {@code application.yml} reads: its {@code ${NAME:default}} placeholders. */
    static Set<String> environmentVariables(String service) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(applicationYaml(service));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The default a placeholder has in the service's configuration, e.g. 8081 for {@code ${PORT:8081}}. */
    static String defaultOf(String service, String variable) {
        Matcher m = PLACEHOLDER.matcher(applicationYaml(service));
        while (m.find()) {
            if (m.group(1).equals(variable)) {
                return m.group(2);
            }
        }
        throw new AssertionError(service + "'s application.yml does not read " + variable);
    }

    static String applicationYaml(String service) {
        return read(service + "/src/main/resources/application.yml");
    }

    /** Follows a path of map keys and list indexes through parsed YAML. */
    @SuppressWarnings("unchecked")
    static <T> T at(Object node, Object... path) {
        Object current = node;
        for (Object step : path) {
            if (current == null) {
                return null;
            }
            current = step instanceof Integer i
                    ? ((List<Object>) current).get(i)
                    : ((Map<String, Object>) current).get(step);
        }
        return (T) current;
    }
}
