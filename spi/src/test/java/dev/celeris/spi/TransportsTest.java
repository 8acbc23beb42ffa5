package dev.celeris.spi;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransportsTest {

    @TempDir
    Path dir;

    private ClassLoader saved;
    private String savedProperty;

    @BeforeEach
    void remember() {
        saved = Thread.currentThread().getContextClassLoader();
        savedProperty = System.getProperty(Transports.PROPERTY);
        System.clearProperty(Transports.PROPERTY);
    }

    @AfterEach
    void restore() {
        Thread.currentThread().setContextClassLoader(saved);
        if (savedProperty == null) {
            System.clearProperty(Transports.PROPERTY);
        } else {
            System.setProperty(Transports.PROPERTY, savedProperty);
        }
    }

    private void use(List<Class<? extends TransportProvider>> providers) {
        Thread.currentThread().setContextClassLoader(FakeProviders.loaderWith(dir, providers));
    }

    private void useAll() {
        use(List.of(FakeProviders.Alpha.class, FakeProviders.Gamma.class, FakeProviders.Beta.class,
                FakeProviders.Missing.class));
    }

    @Test
    void availableListsAvailableProvidersByPriorityThenName() {
        useAll();
        assertThat(Transports.available()).extracting(TransportProvider::name).containsExactly("Beta", "alpha", "gamma");
    }

    @Test
    void defaultIsTheHighestPriorityAvailableProvider() {
        useAll();
        assertThat(Transports.selectDefault().name()).isEqualTo("Beta");
        assertThat(Transports.select(null).name()).isEqualTo("Beta");
        assertThat(Transports.select("  ").name()).isEqualTo("Beta");
    }

    @Test
    void explicitNameWinsAndIgnoresCase() {
        useAll();
        assertThat(Transports.select("gamma").name()).isEqualTo("gamma");
        assertThat(Transports.select("GAMMA").name()).isEqualTo("gamma");
        assertThat(Transports.select("beta").name()).isEqualTo("Beta");
        assertThat(Transports.select(" alpha ").name()).isEqualTo("alpha");
    }

    @Test
    void systemPropertyChoosesWhenNoNameIsGiven() {
        useAll();
        System.setProperty(Transports.PROPERTY, "Alpha");
        assertThat(Transports.selectDefault().name()).isEqualTo("alpha");
        assertThat(Transports.select("gamma").name()).as("an explicit name beats the property").isEqualTo("gamma");
    }

    @Test
    void unknownNameFailsListingWhatIsAvailable() {
        useAll();
        assertThatThrownBy(() -> Transports.select("bogus"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bogus'")
                .hasMessageContaining("Beta, alpha, gamma");
        System.setProperty(Transports.PROPERTY, "bogus");
        assertThatThrownBy(Transports::selectDefault).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("available: Beta, alpha, gamma");
    }

    @Test
    void unavailableProviderCannotBeSelectedByName() {
        useAll();
        assertThatThrownBy(() -> Transports.select("missing")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("available: missing");
    }

    @Test
    void noProviderAtAllFailsWithAHint() {
        use(List.of());
        assertThat(Transports.available()).isEmpty();
        assertThatThrownBy(Transports::selectDefault).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("celeris-transport-nio");
        assertThatThrownBy(() -> Transports.select("nio")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(none)");
    }

    @Test
    void availableWithAnExplicitLoader() {
        ClassLoader loader = FakeProviders.loaderWith(dir, List.of(FakeProviders.Gamma.class));
        assertThat(Transports.available(loader)).extracting(TransportProvider::name).containsExactly("gamma");
    }
}
