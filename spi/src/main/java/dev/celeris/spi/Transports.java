package dev.celeris.spi;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds transports with {@link ServiceLoader} and picks one.
 *
 * <p>Selection order: an explicit name (API), else the system property
 * {@value #PROPERTY}, else the available provider with the highest
 * {@link TransportProvider#priority()}. An unknown name fails fast with the list of what is
 * available.
 */
public final class Transports {

    /** System property naming the transport, e.g. {@code -Dceleris.transport=netty}. */
    public static final String PROPERTY = "celeris.transport";

    private Transports() {
    }

    /** Available providers, highest priority first (ties by name). */
    public static List<TransportProvider> available() {
        return available(Thread.currentThread().getContextClassLoader());
    }

    /** Available providers visible to {@code loader}, highest priority first (ties by name). */
    public static List<TransportProvider> available(ClassLoader loader) {
        return ServiceLoader.load(TransportProvider.class, loader).stream()
                .map(ServiceLoader.Provider::get)
                .filter(TransportProvider::isAvailable)
                .sorted(Comparator.comparingInt(TransportProvider::priority).reversed()
                        .thenComparing(TransportProvider::name))
                .toList();
    }

    /**
     * Binds {@code provider} with the connection layers {@code config} asks for, outermost first:
     * the transport, then TLS ({@link TransportConfig#tls()}, unless the provider
     * {@linkplain TransportProvider#terminatesTls terminates TLS itself}), then {@code handlers}.
     * The returned transport stops the layers' background work (certificate watching) when it
     * shuts down. With no layer asked for, this is {@code provider.bind(config, handlers)}.
     */
    public static Transport bind(TransportProvider provider, TransportConfig config, ConnectionHandler.Factory handlers)
            throws java.io.IOException {
        return bind(provider, config, handlers, null);
    }

    /**
     * As {@link #bind(TransportProvider, TransportConfig, ConnectionHandler.Factory)}, with
     * {@code beforeTls} wrapping the TLS layer: layers that read the connection's cleartext bytes
     * before any TLS record (a PROXY protocol header) go there, so the order on the wire is
     * transport → {@code beforeTls} layers → TLS → {@code handlers}. A provider's native TLS
     * cannot sit behind such a layer, so with {@code beforeTls} the JDK layer is used even when the
     * config asks for {@link dev.celeris.spi.tls.TlsConfig.Engine#NATIVE}. {@code null}: no such layer.
     */
    public static Transport bind(TransportProvider provider, TransportConfig config, ConnectionHandler.Factory handlers,
                                 java.util.function.UnaryOperator<ConnectionHandler.Factory> beforeTls)
            throws java.io.IOException {
        java.util.function.UnaryOperator<ConnectionHandler.Factory> outer = beforeTls == null ? f -> f : beforeTls;
        if (config.tls() == null) {
            return provider.bind(config, outer.apply(handlers));
        }
        boolean nativeTls = beforeTls == null && config.tls().engine() == dev.celeris.spi.tls.TlsConfig.Engine.NATIVE
                && provider.terminatesTls(config);
        dev.celeris.spi.tls.TlsLayer tls = dev.celeris.spi.tls.TlsLayer.wrap(config.tls(), handlers);
        try {
            // Natively terminated or not, the layer owns the certificates (reload, watching): a
            // native provider takes its material and protocol() instead of calling newHandler().
            return new LayeredTransport(provider.bind(config, nativeTls ? tls : outer.apply(tls)), tls);
        } catch (java.io.IOException | RuntimeException e) {
            tls.close();
            throw e;
        }
    }

    /**
     * The TLS layer {@link #bind} made for {@code transport} (run by the JDK or supplying a native
     * path's certificates), for {@link dev.celeris.spi.tls.TlsLayer#reload()}; empty for cleartext.
     */
    public static java.util.Optional<dev.celeris.spi.tls.TlsLayer> tlsLayer(Transport transport) {
        return transport instanceof LayeredTransport layered
                && layered.layers() instanceof dev.celeris.spi.tls.TlsLayer tls
                ? java.util.Optional.of(tls) : java.util.Optional.empty();
    }

    /** The provider named by {@value #PROPERTY}, or the highest-priority one. */
    public static TransportProvider selectDefault() {
        return select(null);
    }

    /**
     * The provider called {@code name} (case-insensitive); when {@code name} is null or blank,
     * the one named by {@value #PROPERTY}, else the highest-priority one.
     *
     * @throws IllegalArgumentException if no provider has that name, listing the available ones
     * @throws IllegalStateException    if no transport is on the class path at all
     */
    public static TransportProvider select(String name) {
        List<TransportProvider> providers = available();
        String wanted = name;
        if (wanted == null || wanted.isBlank()) {
            wanted = System.getProperty(PROPERTY);
        }
        if (wanted == null || wanted.isBlank()) {
            if (providers.isEmpty()) {
                throw new IllegalStateException("No Celeris transport on the class path: add celeris-transport-nio "
                        + "(or another transport) as a dependency");
            }
            return providers.get(0);
        }
        String key = wanted.trim().toLowerCase(Locale.ROOT);
        for (TransportProvider provider : providers) {
            if (provider.name().toLowerCase(Locale.ROOT).equals(key)) {
                return provider;
            }
        }
        throw new IllegalArgumentException("Unknown transport '" + wanted + "'; available: "
                + (providers.isEmpty() ? "(none)" : providers.stream().map(TransportProvider::name)
                        .collect(Collectors.joining(", "))));
    }
}
