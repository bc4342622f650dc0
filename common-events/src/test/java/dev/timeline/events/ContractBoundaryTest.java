package dev.timeline.events;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The contract is a plain library: connectors in any framework must be able to use it. */
class ContractBoundaryTest {

    @Test
    void dependsOnNoFrameworkNoDatabaseAndNoKafka() {
        var classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.timeline.events");

        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "com.mongodb..", "org.bson..", "org.apache.kafka..")
                .check(classes);
    }
}
