package dev.secondaryorigin;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The package arrows of docs/architecture.md, enforced: change the page and this test together. */
class ArchitectureTest {
    private static final String BASE = "dev.secondaryorigin.";
    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.secondaryorigin");
    }

    private static void uses(String pkg, String... allowed) {
        String[] ours = {"task", "crawl", "origin", "store", "state", "sync", "cdn", "tasks", "fcapi", "fc", "cli"};
        for (String other : ours) {
            if (other.equals(pkg) || java.util.Arrays.asList(allowed).contains(other)) {
                continue;
            }
            noClasses().that().resideInAPackage(BASE + pkg + "..")
                    .should().dependOnClassesThat().resideInAPackage(BASE + other + "..")
                    .because("docs/architecture.md: " + pkg + " uses only " + String.join(", ", allowed))
                    .check(classes);
        }
    }

    @Test
    void packagesUseOnlyWhatThePageSays() {
        uses("task");
        uses("crawl", "task");
        uses("origin", "task", "store");
        uses("store", "task");
        uses("state", "store");
        uses("sync", "crawl", "origin", "state", "store", "task");
        uses("cdn", "store", "task");
        uses("tasks", "task", "store", "state");
        uses("fcapi");
        uses("fc", "sync", "cdn", "fcapi", "state", "store", "origin", "task", "tasks");
        uses("cli", "sync", "cdn", "fc", "state", "store", "crawl", "origin", "task", "tasks");
    }

    @Test
    void noCycles() {
        SlicesRuleDefinition.slices().matching("dev.secondaryorigin.(*)..").should().beFreeOfCycles().check(classes);
    }
}
