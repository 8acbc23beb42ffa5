package dev.celeris.spi.archfixture;

/** Breaks the spi rule on purpose (test fixture: proves the rule catches a library import). */
public final class SpiUsingALibrary {
    public Object use() {
        return org.assertj.core.api.Assertions.assertThat(1);
    }
}
