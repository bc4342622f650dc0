package dev.timeline.ingest;

import dev.timeline.events.Topic;
import java.util.Arrays;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The topic names this deployment consumes, with the configured prefix, and the family each one carries. */
@Component("ingestTopics")
public class IngestTopics {
    private final String prefix;

    private final String changes;

    public IngestTopics(IngestProperties properties) {
        this.prefix = properties.topicPrefix();
        this.changes = prefix + properties.changes().topic();
    }

    /** Where ingest tells the timeline services what it changed. */
    public String changesName() {
        return changes;
    }

    public String[] names() {
        return Arrays.stream(Topic.values()).map(this::name).toArray(String[]::new);
    }

    public String name(Topic topic) {
        return prefix + topic.topicName();
    }

    public String deadLetterName(Topic topic) {
        return prefix + topic.deadLetterName();
    }

    public Optional<Topic> family(String topicName) {
        if (!topicName.startsWith(prefix)) {
            return Optional.empty();
        }
        return Topic.ofName(topicName.substring(prefix.length()));
    }
}
