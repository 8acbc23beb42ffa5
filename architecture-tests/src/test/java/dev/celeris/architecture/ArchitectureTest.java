package dev.celeris.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The module arrows of docs/architecture.md, checked on the compiled main classes of every
 * module (tests excluded). Rules on packages that may still be empty (a transport not written
 * yet) allow an empty match; {@link #theImportSeesEveryLayer()} guards against the whole
 * import silently coming up empty.
 */
class ArchitectureTest {

    /** The JDK's public API packages: all that spi and the engine may use. */
    private static final String[] JDK = {"java..", "javax.."};
    private static final List<String> TRANSPORTS = List.of("nio", "netty", "jetty");

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.celeris");

    private static String[] with(String[] base, String... more) {
        return Stream.concat(Stream.of(base), Stream.of(more)).toArray(String[]::new);
    }

    @Test
    void theImportSeesEveryLayer() {
        assertThat(CLASSES.containPackage("dev.celeris.spi")).isTrue();
        assertThat(CLASSES.containPackage("dev.celeris.engine")).isTrue();
        assertThat(CLASSES.containPackage("dev.celeris.transport.nio")).isTrue();
        assertThat(CLASSES.stream().filter(c -> c.getPackageName().startsWith("dev.celeris.spi.testkit")))
                .as("test classes are not imported").isEmpty();
    }

    private static final ArchRule SPI_ONLY_JDK = classes().that().resideInAPackage("dev.celeris.spi..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(with(JDK, "dev.celeris.spi.."))
            .because("third-party transports implement the SPI with nothing else on the class path");

    private static final ArchRule ROUTER_NOT_ON_ENGINE_INTERNALS = noClasses().that().resideInAPackage("dev.celeris.router..")
            .should().dependOnClassesThat().resideInAPackage("dev.celeris.engine.internal..")
            .because("engine internals change freely; the router sees dev.celeris.engine only")
            .allowEmptyShould(true);

    @Test
    void spiDependsOnlyOnTheJdk() {
        SPI_ONLY_JDK.check(CLASSES);
    }

    @Test
    void engineDependsOnlyOnTheJdkAndTheSpi() {
        classes().that().resideInAPackage("dev.celeris.engine..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(with(JDK, "dev.celeris.spi..", "dev.celeris.engine.."))
                .because("the protocol engine is transport-agnostic and pulls no library into applications")
                .check(CLASSES);
    }

    @Test
    void noTransportDependsOnAnotherTransportOrTheEngineOrTheRouter() {
        for (String transport : TRANSPORTS) {
            transportRule(transport).check(CLASSES);
        }
    }

    private static ArchRule transportRule(String transport) {
        String[] forbidden = Stream.concat(
                TRANSPORTS.stream().filter(t -> !t.equals(transport)).map(t -> "dev.celeris.transport." + t + ".."),
                Stream.of("dev.celeris.engine..", "dev.celeris.router..", "dev.celeris.compliance..",
                        "dev.celeris.examples..", "dev.celeris.benchmarks..")).toArray(String[]::new);
        return noClasses().that().resideInAPackage("dev.celeris.transport." + transport + "..")
                .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .because("a transport only moves bytes for the SPI; ServiceLoader makes them interchangeable")
                .allowEmptyShould(true);
    }

    @Test
    void theNioTransportIsPureJdk() {
        classes().that().resideInAPackage("dev.celeris.transport.nio..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage(with(JDK, "dev.celeris.spi..", "dev.celeris.transport.nio.."))
                .because("nio is the embedded default transport with no dependencies")
                .check(CLASSES);
    }

    @Test
    void routerUsesOnlyTheEnginesPublicApi() {
        ROUTER_NOT_ON_ENGINE_INTERNALS.check(CLASSES);
    }

    @Test
    void routerAndEngineNeverNameAConcreteTransport() {
        noClasses().that().resideInAnyPackage("dev.celeris.router..", "dev.celeris.engine..")
                .should().dependOnClassesThat().resideInAPackage("dev.celeris.transport..")
                .because("transports are chosen at run time through dev.celeris.spi.Transports")
                .check(CLASSES);
    }

    /** The rules are not vacuous: each rejects a fixture (test source) that breaks it. */
    @Test
    void rulesRejectViolations() {
        JavaClasses fixtures = new ClassFileImporter().importPackages("dev.celeris.spi.archfixture",
                "dev.celeris.transport.netty.archfixture", "dev.celeris.router.archfixture");
        assertThat(fixtures).hasSize(3);
        assertThatThrownBy(() -> SPI_ONLY_JDK.check(fixtures)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("SpiUsingALibrary");
        assertThatThrownBy(() -> transportRule("netty").check(fixtures)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("NettyUsingNio");
        assertThatThrownBy(() -> ROUTER_NOT_ON_ENGINE_INTERNALS.check(fixtures)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("RouterUsingEngineInternals");
    }

    @Test
    void theTestKitUsesTheRouterAndTheSpiOnly() {
        noClasses().that().resideInAPackage("dev.celeris.test..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.celeris.engine.internal..", "dev.celeris.transport..",
                        "dev.celeris.compliance..", "dev.celeris.examples..", "dev.celeris.benchmarks..")
                .because("celeris-test depends on router and spi; its memory transport is one more SPI provider")
                .check(CLASSES);
        noClasses().that().resideInAnyPackage("dev.celeris.spi..", "dev.celeris.engine..", "dev.celeris.router..",
                        "dev.celeris.transport..")
                .should().dependOnClassesThat().resideInAPackage("dev.celeris.test..")
                .because("production modules never depend on the test kit")
                .check(CLASSES);
        assertThat(CLASSES.containPackage("dev.celeris.test.memory")).isTrue();
    }

    @Test
    void topLevelPackagesHaveNoCycles() {
        slices().matching("dev.celeris.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
