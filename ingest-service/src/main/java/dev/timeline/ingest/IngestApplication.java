package dev.timeline.ingest;

import dev.timeline.ingest.deadletter.DeadLetterReplay;
import dev.timeline.web.StoreApplicationName;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

@SpringBootApplication
@ConfigurationPropertiesScan
@Import(StoreApplicationName.class)
public class IngestApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(DeadLetterReplay.COMMAND)) {
            DeadLetterReplay.main(args);
            return;
        }
        SpringApplication.run(IngestApplication.class, args);
    }
}
