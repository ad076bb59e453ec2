package dev.baton.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The boundaries of ARCHITECTURE.md, checked: features never see an adapter, the engine never sees a feature. */
class ModuleBoundariesTest {

    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.baton");
    }

    @Test
    void featuresNeverImportAnAdapter() {
        noClasses().that().resideInAnyPackage("dev.baton.okr..", "dev.baton.team..", "dev.baton.conversation..",
                        "dev.baton.schedule..", "dev.baton.outbox..", "dev.baton.content..", "dev.baton.poll..",
                        "dev.baton.meeting..", "dev.baton.lead..", "dev.baton.digest..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.baton.slack..", "dev.baton.feishu..",
                        "dev.baton.telegram..", "dev.baton.web..")
                .check(classes);
    }

    @Test
    void theEngineKnowsNoFeature() {
        noClasses().that().resideInAPackage("dev.baton.conversation..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.baton.okr..", "dev.baton.team..",
                        "dev.baton.outbox..", "dev.baton.schedule..")
                .check(classes);
    }

    @Test
    void adaptersHoldNoBusinessRules() {
        noClasses().that().resideInAnyPackage("dev.baton.slack..", "dev.baton.feishu..", "dev.baton.telegram..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.baton.okr..", "dev.baton.team..")
                .check(classes);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.baton.(*)..").should().beFreeOfCycles().check(classes);
    }
}
