package dev.celeris.router;

import dev.celeris.spi.tls.TlsConfig;
import dev.celeris.spi.tls.TlsCredentials;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code tls.*} keys. TLS needs credentials before anything else, so the keys of one
 * {@code config(...)} call are applied together, over the builder's current TLS settings:
 * {@code tls.certificate} + {@code tls.privateKey} (PEM) or {@code tls.keyStore} turn TLS on.
 */
final class TlsConfigKeys {

    private static final Type STRINGS = RecordCopy.component(TlsConfig.class, "protocols").getGenericType();

    /** Name and type of every TLS key. */
    static final Map<String, Type> KEYS = Map.ofEntries(
            Map.entry("tls.certificate", Path.class),
            Map.entry("tls.privateKey", Path.class),
            Map.entry("tls.keyStore", Path.class),
            Map.entry("tls.keyStoreType", String.class),
            Map.entry("tls.keyStorePassword", String.class),
            Map.entry("tls.clientAuth", TlsConfig.ClientAuth.class),
            Map.entry("tls.trustedCertificates", Path.class),
            Map.entry("tls.protocols", STRINGS),
            Map.entry("tls.cipherSuites", STRINGS),
            Map.entry("tls.applicationProtocols", STRINGS),
            Map.entry("tls.handshakeTimeout", Duration.class),
            Map.entry("tls.watchInterval", Duration.class),
            Map.entry("tls.engine", TlsConfig.Engine.class),
            Map.entry("tls.privateKeyPassword", String.class));

    private TlsConfigKeys() {
    }

    /** Applies parsed {@code tls.*} values (key to value) to {@code builder}; the message names the keys on failure. */
    @SuppressWarnings("unchecked")
    static void apply(ServerBuilder builder, Map<String, Object> v, String source) {
        if (v.isEmpty()) return;
        TlsConfig current = builder.tlsConfig();
        try {
            TlsCredentials credentials = credentials(v, current);
            if (current == null && credentials == null) {
                throw new IllegalArgumentException("TLS needs tls.certificate and tls.privateKey, or tls.keyStore");
            }
            TlsConfig.Builder b = current == null ? TlsConfig.builder(credentials) : current.toBuilder();
            if (credentials != null) b.credentials(credentials);
            if (v.containsKey("tls.clientAuth") || v.containsKey("tls.trustedCertificates")) {
                b.clientAuth((TlsConfig.ClientAuth) v.getOrDefault("tls.clientAuth",
                                current == null ? TlsConfig.ClientAuth.NONE : current.clientAuth()),
                        (Path) v.getOrDefault("tls.trustedCertificates", current == null ? null : current.trustedCertificates()));
            }
            if (v.containsKey("tls.protocols")) b.protocols((List<String>) v.get("tls.protocols"));
            if (v.containsKey("tls.cipherSuites")) b.cipherSuites((List<String>) v.get("tls.cipherSuites"));
            if (v.containsKey("tls.applicationProtocols")) b.applicationProtocols((List<String>) v.get("tls.applicationProtocols"));
            if (v.containsKey("tls.handshakeTimeout")) b.handshakeTimeout((Duration) v.get("tls.handshakeTimeout"));
            if (v.containsKey("tls.watchInterval")) b.watchInterval((Duration) v.get("tls.watchInterval"));
            if (v.containsKey("tls.engine")) b.engine((TlsConfig.Engine) v.get("tls.engine"));
            builder.tls(b.build());
        } catch (IllegalArgumentException | NullPointerException e) {
            String keys = v.keySet().stream().sorted().collect(Collectors.joining(", "));
            throw new ConfigException(v.keySet().stream().sorted().findFirst().orElseThrow(),
                    "Bad TLS configuration (keys " + keys + ", " + source + "): " + e.getMessage(), e);
        }
    }

    private static TlsCredentials credentials(Map<String, Object> v, TlsConfig current) {
        if (v.containsKey("tls.keyStore")) {
            String password = (String) v.getOrDefault("tls.keyStorePassword", "");
            return TlsCredentials.keyStore((Path) v.get("tls.keyStore"), (String) v.getOrDefault("tls.keyStoreType", "PKCS12"),
                    password.toCharArray());
        }
        if (v.containsKey("tls.certificate") || v.containsKey("tls.privateKey") || v.containsKey("tls.privateKeyPassword")) {
            TlsCredentials.Pem was = current != null && current.credentials() instanceof TlsCredentials.Pem p ? p : null;
            Path chain = (Path) v.getOrDefault("tls.certificate", was == null ? null : was.certificateChain());
            Path key = (Path) v.getOrDefault("tls.privateKey", was == null ? null : was.privateKey());
            if (chain == null || key == null) throw new IllegalArgumentException("tls.certificate and tls.privateKey go together");
            char[] password = v.containsKey("tls.privateKeyPassword") ? ((String) v.get("tls.privateKeyPassword")).toCharArray()
                    : was == null ? null : was.keyPassword();
            return TlsCredentials.pem(chain, key, password);
        }
        if (v.containsKey("tls.keyStoreType") || v.containsKey("tls.keyStorePassword")) {
            throw new IllegalArgumentException("tls.keyStoreType and tls.keyStorePassword need tls.keyStore");
        }
        return null;
    }
}
