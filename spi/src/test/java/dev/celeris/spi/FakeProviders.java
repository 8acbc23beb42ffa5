package dev.celeris.spi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Providers that exist only for the selection tests. They are registered through a class loader
 * made for each test (never through a services file on the test class path), so the spi
 * test-jar that transports depend on never exposes them.
 */
final class FakeProviders {

    private FakeProviders() {
    }

    abstract static class Fake implements TransportProvider {
        @Override
        public Transport bind(TransportConfig config, ConnectionHandler.Factory handlers) {
            throw new UnsupportedOperationException("selection tests never bind");
        }
    }

    public static final class Alpha extends Fake {
        @Override public String name() { return "alpha"; }
        @Override public int priority() { return 10; }
    }

    public static final class Beta extends Fake {
        @Override public String name() { return "Beta"; }
        @Override public int priority() { return 50; }
    }

    public static final class Gamma extends Fake {
        @Override public String name() { return "gamma"; }
        @Override public int priority() { return 10; }
    }

    /** Highest priority, but not available: must never be listed or chosen. */
    public static final class Missing extends Fake {
        @Override public String name() { return "missing"; }
        @Override public int priority() { return 1000; }
        @Override public boolean isAvailable() { return false; }
    }

    /** A class loader whose services file lists {@code providers}. */
    static ClassLoader loaderWith(Path dir, List<Class<? extends TransportProvider>> providers) {
        try {
            Path services = dir.resolve("META-INF/services");
            Files.createDirectories(services);
            Files.writeString(services.resolve(TransportProvider.class.getName()),
                    providers.stream().map(Class::getName).collect(Collectors.joining("\n", "", "\n")));
            return new URLClassLoader(new URL[] {dir.toUri().toURL()}, FakeProviders.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
