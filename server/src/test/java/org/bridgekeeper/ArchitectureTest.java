package org.bridgekeeper;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering, checked on the compiled classes (so fully qualified uses count too): the wire
 * ({@code api}) and the storage ({@code store}) depend on the domain, never the other way;
 * {@code error} depends on nothing of ours; no package cycles; the one door for connection
 * state is the only writer of connections.
 */
class ArchitectureTest {

    private static final String[] DOMAIN = {"org.bridgekeeper.common..", "org.bridgekeeper.connections..",
        "org.bridgekeeper.destinations..", "org.bridgekeeper.rules..", "org.bridgekeeper.delivery..",
        "org.bridgekeeper.keys..", "org.bridgekeeper.invoke..", "org.bridgekeeper.secrets..", "org.bridgekeeper.model..",
        "org.bridgekeeper.archives..", "org.bridgekeeper.targets..", "org.bridgekeeper.nodes.."};

    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("org.bridgekeeper");
    }

    @Test
    void theChecksSeeRealDependencies() {
        // A rule that must fail, so that the ones above cannot pass for want of classes or dependencies.
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> noClasses()
                .that().resideInAPackage("org.bridgekeeper.api..")
                .should().dependOnClassesThat().resideInAPackage("org.bridgekeeper.connections..").check(classes));
    }

    @Test
    void theDomainNeverReachesUpToTheWireOrTheStorage() {
        noClasses().that().resideInAnyPackage(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage("org.bridgekeeper.api..", "org.bridgekeeper.store..")
                .check(classes);
    }

    @Test
    void onlyTheWiringKnowsTheWiring() {
        noClasses().that().resideOutsideOfPackage("org.bridgekeeper")
                .should().dependOnClassesThat().resideInAPackage("org.bridgekeeper")
                .check(classes);
    }

    @Test
    void errorsDependOnNothingOfOurs() {
        noClasses().that().resideInAPackage("org.bridgekeeper.error..")
                .should().dependOnClassesThat().resideInAnyPackage("org.bridgekeeper", "org.bridgekeeper.api..",
                        "org.bridgekeeper.store..", "org.bridgekeeper.common..", "org.bridgekeeper.connections..",
                        "org.bridgekeeper.destinations..", "org.bridgekeeper.rules..", "org.bridgekeeper.delivery..",
                        "org.bridgekeeper.keys..", "org.bridgekeeper.invoke..", "org.bridgekeeper.secrets..",
                        "org.bridgekeeper.model..", "org.bridgekeeper.archives..", "org.bridgekeeper.targets..",
                        "org.bridgekeeper.observe..")
                .check(classes);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("org.bridgekeeper.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void onlyTheDoorWritesConnections() {
        noClasses().that().doNotHaveFullyQualifiedName("org.bridgekeeper.connections.Connections")
                .and().resideOutsideOfPackage("org.bridgekeeper.store..")
                .and().resideOutsideOfPackage("org.bridgekeeper")
                .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "a write of ConnectionStore", call -> call.getTargetOwner().isAssignableTo(
                                org.bridgekeeper.connections.ConnectionStore.class)
                                && java.util.Set.of("insert", "update", "remove").contains(call.getName())))
                .check(classes);
    }
}
