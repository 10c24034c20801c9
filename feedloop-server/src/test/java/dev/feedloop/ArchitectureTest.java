package dev.feedloop;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The house's shape (STYLE.md): data flows one way, capture -> store -> triage -> verify, with the
 * two doors (web, cli) on top and {@link Feedloop} wiring it all; the stages see the store's
 * contract, never the SQLite implementation, so a second database can stand behind it.
 */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.feedloop");

    @Test
    void store_neverReachesBackIntoCapture() {
        noClasses().that().resideInAPackage("dev.feedloop.store..")
                .should().dependOnClassesThat().resideInAPackage("dev.feedloop.capture..")
                .because("capture writes into the store; the store's records and rules must not come from capture")
                .check(MAIN);
    }

    @Test
    void stages_useTheStoreContract_notTheSqliteImplementation() {
        noClasses().that().resideInAnyPackage("dev.feedloop.capture..", "dev.feedloop.triage..",
                        "dev.feedloop.verify..", "dev.feedloop.web..", "dev.feedloop.jobs..", "dev.feedloop.eval..")
                .should().dependOnClassesThat().resideInAPackage("dev.feedloop.store.sqlite..")
                .because("only the wiring (Feedloop) picks the database")
                .check(MAIN);
    }

    @Test
    void nothingBelowTheCommandLine_dependsOnIt() {
        noClasses().that().resideOutsideOfPackage("dev.feedloop.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.feedloop.cli..")
                .check(MAIN);
    }

    @Test
    void nothingBelowTheDoors_dependsOnTheHttpApi() {
        noClasses().that().resideOutsideOfPackages("dev.feedloop.web..", "dev.feedloop.cli..")
                .and().doNotHaveFullyQualifiedName(Feedloop.class.getName())
                .should().dependOnClassesThat().resideInAPackage("dev.feedloop.web..")
                .because("web is a door: stages below it must not know HTTP")
                .check(MAIN);
    }
}
