package dev.timeline.ingest.source;

import dev.timeline.ingest.write.TimelineIndexes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Holds the listener back until what it needs exists: the timeline's indexes and the topics. Both were started in the
 * background when their beans were created; this lifecycle starts in the phase right before the listener containers
 * (after the web server, so the probes answer meanwhile) and waits for them. A failure fails the start-up, as it did when
 * they ran during bean initialization.
 */
@Component
class ListenerPrerequisites implements SmartLifecycle {
    private final List<CompletableFuture<Void>> work = new ArrayList<>();
    private volatile boolean running;

    ListenerPrerequisites(TimelineIndexes indexes, ObjectProvider<ListenerConfiguration.TopicsCreated> topics) {
        work.add(indexes.created());
        topics.ifAvailable(created -> work.add(created.done()));
    }

    @Override
    public void start() {
        try {
            CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return AbstractMessageListenerContainer.DEFAULT_PHASE - 1;
    }
}
