package org.bridgekeeper.cli;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The command line is a client: it uses SigV4 and its own code, never the server's (only its wire). */
class ArchitectureTest {

    @Test
    void theCliNeverImportsTheServer() {
        noClasses().that().resideInAPackage("org.bridgekeeper.cli..")
                .should().dependOnClassesThat(resideInAPackage("org.bridgekeeper..")
                        .and(DescribedPredicate.not(resideInAnyPackage("org.bridgekeeper.cli..", "org.bridgekeeper.sigv4.."))))
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("org.bridgekeeper.cli"));
    }
}
