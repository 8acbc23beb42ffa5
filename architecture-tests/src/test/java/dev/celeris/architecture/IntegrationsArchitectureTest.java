package dev.celeris.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The observability integrations sit on top: {@code celeris-micrometer} and
 * {@code celeris-opentelemetry} use the engine's public API and the router, and no core module
 * (spi, engine, transports, router) uses them or their libraries.
 */
class IntegrationsArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.celeris");

    private static final String[] CORE = {"dev.celeris.spi..", "dev.celeris.engine..", "dev.celeris.transport..",
        "dev.celeris.router.."};

    @Test
    void theImportSeesBothIntegrations() {
        assertThat(CLASSES.containPackage("dev.celeris.micrometer")).isTrue();
        assertThat(CLASSES.containPackage("dev.celeris.opentelemetry")).isTrue();
    }

    @Test
    void coreModulesUseNoObservabilityLibrary() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..", "io.opentelemetry..",
                        "dev.celeris.micrometer..", "dev.celeris.opentelemetry..")
                .because("observability is opt-in: the engine reports through EngineObserver, integrations listen")
                .check(CLASSES);
    }

    @Test
    void micrometerUsesTheEngineApiTheRouterAndMicrometerOnly() {
        classes().that().resideInAPackage("dev.celeris.micrometer..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.celeris.micrometer..",
                        "dev.celeris.engine", "dev.celeris.router..", "io.micrometer..")
                .because("an integration sees the engine's public API (dev.celeris.engine), never its internals")
                .check(CLASSES);
    }

    @Test
    void openTelemetryUsesTheEngineApiTheRouterAndTheOpenTelemetryApiOnly() {
        classes().that().resideInAPackage("dev.celeris.opentelemetry..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.celeris.opentelemetry..",
                        "dev.celeris.engine", "dev.celeris.router..", "io.opentelemetry.api..",
                        "io.opentelemetry.context..")
                .because("applications bring their own OpenTelemetry SDK; the middleware needs only the API")
                .check(CLASSES);
    }
}
