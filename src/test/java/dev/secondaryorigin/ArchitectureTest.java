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
        String[] ours = {"compact", "credentials", "log", "task", "crawl", "origin", "store", "state", "sync", "cdn",
            "serve", "app", "tasks", "fcapi", "fc", "cli"};
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
        uses("compact");
        uses("credentials");
        uses("log");
        uses("task");
        uses("crawl", "task", "compact");
        uses("origin", "task", "store");
        uses("store", "credentials", "task");
        uses("state", "store", "compact");
        uses("sync", "crawl", "origin", "state", "store", "task", "compact");
        uses("cdn", "credentials", "store", "task");
        uses("serve", "crawl", "store", "task");
        uses("app", "sync", "cdn", "state", "store", "origin", "crawl", "credentials", "task");
        uses("tasks", "task", "store", "state", "credentials");
        uses("fcapi", "credentials");
        uses("fc", "app", "tasks", "fcapi", "sync", "cdn", "credentials", "log", "task");
        uses("cli", "app", "tasks", "sync", "cdn", "serve", "fc", "credentials", "log", "task");
    }

    @Test
    void noCycles() {
        SlicesRuleDefinition.slices().matching("dev.secondaryorigin.(*)..").should().beFreeOfCycles().check(classes);
    }
}
