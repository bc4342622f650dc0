package dev.timeline.ingest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The stages stay stages: only the listener knows Spring Kafka; decoding and normalizing touch neither Kafka nor the store. */
class IngestArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.timeline.ingest");

    @Test
    void normalizingIsPureDocumentBuilding() {
        noClasses()
                .that()
                .resideInAPackage("..ingest.normalize..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..", "com.mongodb..")
                .check(classes);
    }

    @Test
    void decodingDoesNotTouchTheStore() {
        noClasses()
                .that()
                .resideInAPackage("..ingest.decode..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.mongodb..", "org.springframework.data..", "org.bson..")
                .check(classes);
    }

    @Test
    void doesNotReachIntoOtherServices() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.timeline.api..")
                .check(classes);
        // The read side's customer resolution, so that an erase removes exactly what a read shows; nothing else.
        noClasses()
                .that()
                .resideOutsideOfPackage("..ingest.erase..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.timeline.query..")
                .check(classes);
    }

    @Test
    void onlyTheSourceStageListensToKafka() {
        noClasses()
                .that()
                .resideOutsideOfPackage("..ingest.source..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("org.springframework.kafka.annotation.KafkaListener")
                .check(classes);
    }
}
