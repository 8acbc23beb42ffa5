package dev.celeris.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeris.spi.tls.TlsConfig;
import dev.celeris.spi.tls.TlsCredentials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The tls.* keys: credentials turn TLS on, every other key changes its setting, errors name the keys. */
class TlsConfigKeysTest {

    private static final Map<String, String> PEM = Map.of("tls.certificate", "/etc/celeris/chain.pem", "tls.privateKey", "/etc/celeris/key.pem");

    static Stream<Arguments> keys() {
        return Stream.of(
                row("tls.certificate", "/srv/other-chain.pem",
                        t -> ((TlsCredentials.Pem) t.credentials()).certificateChain(), Path.of("/srv/other-chain.pem")),
                row("tls.privateKey", "/srv/other-key.pem", t -> ((TlsCredentials.Pem) t.credentials()).privateKey(),
                        Path.of("/srv/other-key.pem")),
                row("tls.keyStore", "/srv/ks.p12", t -> ((TlsCredentials.KeyStoreFile) t.credentials()).file(), Path.of("/srv/ks.p12")),
                row("tls.clientAuth", "optional", TlsConfig::clientAuth, TlsConfig.ClientAuth.OPTIONAL),
                row("tls.trustedCertificates", "/srv/ca.pem", TlsConfig::trustedCertificates, Path.of("/srv/ca.pem")),
                row("tls.protocols", "TLSv1.3", TlsConfig::protocols, List.of("TLSv1.3")),
                row("tls.cipherSuites", "TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384", TlsConfig::cipherSuites,
                        List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384")),
                row("tls.applicationProtocols", "http/1.1", TlsConfig::applicationProtocols, List.of("http/1.1")),
                row("tls.handshakeTimeout", "3s", TlsConfig::handshakeTimeout, Duration.ofSeconds(3)),
                row("tls.watchInterval", "1m", TlsConfig::watchInterval, Duration.ofMinutes(1)),
                row("tls.engine", "native", TlsConfig::engine, TlsConfig.Engine.NATIVE),
                row("tls.privateKeyPassword", "secret", t -> new String(((TlsCredentials.Pem) t.credentials()).keyPassword()),
                        "secret"));
    }

    private static Arguments row(String key, String value, Function<TlsConfig, Object> read, Object expected) {
        return Arguments.of(key, value, read, expected);
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("keys")
    void everyKeyChangesItsSetting(String key, String value, Function<TlsConfig, Object> read, Object expected) {
        Map<String, String> keys = new java.util.HashMap<>(PEM);
        keys.put(key, value);
        if (key.equals("tls.clientAuth")) keys.put("tls.trustedCertificates", "/srv/ca.pem"); // a client-auth mode needs the CA
        TlsConfig fromMap = Celeris.server().config(keys).tlsConfig();
        assertThat(read.apply(fromMap)).isEqualTo(expected);
        Map<String, String> env = new java.util.HashMap<>();
        keys.forEach((k, v) -> env.put(ConfigKeys.Key.envName(k), v));
        assertThat(read.apply(Celeris.server().config(null, env).tlsConfig())).as(ConfigKeys.Key.envName(key)).isEqualTo(expected);
    }

    @Test
    void everyTlsKeyHasARow() {
        List<String> tested = keys().map(a -> (String) a.get()[0]).toList();
        assertThat(TlsConfigKeys.KEYS.keySet()).containsAll(tested);
        assertThat(TlsConfigKeys.KEYS.keySet().stream().filter(k -> !tested.contains(k)))
                .as("keyStoreType and keyStorePassword are covered by keyStoreTypeAndPassword()")
                .containsExactlyInAnyOrder("tls.keyStoreType", "tls.keyStorePassword");
    }

    @Test
    void keyStoreTypeAndPassword() {
        TlsConfig t = Celeris.server().config(Map.of("tls.keyStore", "/srv/ks.jks", "tls.keyStoreType", "JKS",
                "tls.keyStorePassword", "changeit")).tlsConfig();
        TlsCredentials.KeyStoreFile ks = (TlsCredentials.KeyStoreFile) t.credentials();
        assertThat(ks.type()).isEqualTo("JKS");
        assertThat(new String(ks.password())).isEqualTo("changeit");
        assertThat(((TlsCredentials.KeyStoreFile) Celeris.server().config(Map.of("tls.keyStore", "/srv/ks.p12"))
                .tlsConfig().credentials()).type()).isEqualTo("PKCS12");
    }

    @Test
    void noTlsWithoutKeysAndLaterCallsKeepTheCredentials() {
        assertThat(Celeris.server().config(Map.of("server.port", "0")).tlsConfig()).isNull();
        ServerBuilder b = Celeris.server().config(PEM).config(Map.of("tls.protocols", "TLSv1.3"));
        assertThat(((TlsCredentials.Pem) b.tlsConfig().credentials()).privateKey()).isEqualTo(Path.of("/etc/celeris/key.pem"));
        assertThat(b.tlsConfig().protocols()).containsExactly("TLSv1.3");
    }

    @Test
    void incompleteOrInvalidTlsNamesTheKeys() {
        assertThatThrownBy(() -> Celeris.server().config(Map.of("tls.protocols", "TLSv1.3")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tls.protocols").hasMessageContaining("tls.certificate and tls.privateKey, or tls.keyStore");
        assertThatThrownBy(() -> Celeris.server().config(Map.of("tls.certificate", "/a.pem")))
                .hasMessageContaining("tls.certificate and tls.privateKey go together");
        Map<String, String> mtlsWithoutCa = new java.util.HashMap<>(PEM);
        mtlsWithoutCa.put("tls.clientAuth", "required");
        assertThatThrownBy(() -> Celeris.server().config(mtlsWithoutCa))
                .hasMessageContaining("tls.clientAuth").hasMessageContaining("needs trustedCertificates");
        assertThatThrownBy(() -> Celeris.server().config(Map.of("tls.clientAuth", "sometimes")))
                .hasMessageContaining("'tls.clientAuth'").hasMessageContaining("expected one of [none, optional, required]");
    }
}
