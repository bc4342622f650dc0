package dev.timeline.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Services never reach into each other: what they share lives in common-events and timeline-query. */
class ServiceBoundaryTest {

    @Test
    void theTimelineServiceDoesNotUseTheIngestService() {
        noClasses()
                .that()
                .resideInAPackage("dev.timeline.api..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.timeline.ingest..")
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.timeline.api"));
    }

    @Test
    void onlyTheLiveStreamsReadKafka() {
        noClasses()
                .that()
                .resideInAPackage("dev.timeline.api..")
                .and()
                .resideOutsideOfPackage("dev.timeline.api.live..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..")
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.timeline.api"));
    }

    @Test
    void theSharedQueryLibraryKnowsNoFramework() {
        noClasses()
                .that()
                .resideInAPackage("dev.timeline.query..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "dev.timeline.api..", "dev.timeline.ingest..")
                .check(new ClassFileImporter().importPackages("dev.timeline.query"));
    }
}
