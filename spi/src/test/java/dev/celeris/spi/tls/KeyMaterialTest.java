package dev.celeris.spi.tls;

import static dev.celeris.spi.testkit.TlsTestCertificates.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeris.spi.testkit.TlsTestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every credential source loads, and unusable files fail with a message naming them. */
class KeyMaterialTest {

    @TempDir
    Path tmp;

    @Test
    void pemPkcs8EcKeyAndChain() throws Exception {
        KeyMaterial.Entry e = KeyMaterial.load(TlsCredentials.pem(file("server.pem"), file("server.key")));
        assertThat(e.key().getAlgorithm()).isEqualTo("EC");
        assertThat(e.chain()[0].getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
    }

    @Test
    void pemPkcs1RsaKey() throws Exception {
        KeyMaterial.Entry e = KeyMaterial.load(TlsCredentials.pem(file("rsa.pem"), file("rsa-pkcs1.key")));
        KeyMaterial.Entry same = KeyMaterial.load(TlsCredentials.pem(file("rsa.pem"), file("rsa.key")));
        assertThat(e.key().getAlgorithm()).isEqualTo("RSA");
        assertThat(e.key().getEncoded()).as("PKCS#1 and PKCS#8 files give the same key").isEqualTo(same.key().getEncoded());
    }

    @Test
    void sec1EcKeyIsTheSameKeyAsItsPkcs8Form() throws Exception {
        KeyMaterial.Entry sec1 = KeyMaterial.load(TlsCredentials.pem(file("server.pem"), file("server-sec1.key")));
        KeyMaterial.Entry pkcs8 = KeyMaterial.load(TlsCredentials.pem(file("server.pem"), file("server.key")));
        assertThat(sec1.key().getAlgorithm()).isEqualTo("EC");
        assertThat(((java.security.interfaces.ECPrivateKey) sec1.key()).getS())
                .isEqualTo(((java.security.interfaces.ECPrivateKey) pkcs8.key()).getS());
        assertThat(((java.security.interfaces.ECPrivateKey) sec1.key()).getParams().getCurve())
                .isEqualTo(((java.security.interfaces.ECPrivateKey) pkcs8.key()).getParams().getCurve());
    }

    @Test
    void encryptedPkcs8KeysNeedTheirPassword() throws Exception {
        char[] pw = TlsTestCertificates.PASSWORD.toCharArray();
        KeyMaterial.Entry clear = KeyMaterial.load(TlsCredentials.pem(file("server.pem"), file("server.key")));
        KeyMaterial.Entry pbes2 = KeyMaterial.load(TlsCredentials.pem(file("server.pem"), file("server-encrypted.key"), pw));
        assertThat(pbes2.key().getEncoded()).as("PBES2 AES-256").isEqualTo(clear.key().getEncoded());
        KeyMaterial.Entry rsa = KeyMaterial.load(TlsCredentials.pem(file("rsa.pem"), file("rsa.key")));
        KeyMaterial.Entry pbes1 = KeyMaterial.load(TlsCredentials.pem(file("rsa.pem"), file("rsa-pbes1.key"), pw));
        assertThat(pbes1.key().getEncoded()).as("PBES1 3DES").isEqualTo(rsa.key().getEncoded());
        assertThatThrownBy(() -> KeyMaterial.load(TlsCredentials.pem(file("server.pem"), file("server-encrypted.key"))))
                .hasMessageContaining("is encrypted").hasMessageContaining("server-encrypted.key");
        assertThatThrownBy(() -> KeyMaterial.load(TlsCredentials.pem(file("server.pem"), file("server-encrypted.key"),
                "wrong".toCharArray()))).hasMessageContaining("wrong password");
    }

    @Test
    void anEncryptedKeyServesTls() throws Exception {
        TlsConfig config = TlsConfig.builder(TlsCredentials.pem(file("server.pem"), file("server-encrypted.key"),
                TlsTestCertificates.PASSWORD.toCharArray())).build();
        var engine = TlsLayer.wrap(config, () -> null).newEngine(null);
        assertThat(engine.getUseClientMode()).isFalse();
        assertThat(((TlsCredentials.Pem) config.credentials()).keyPassword()).containsExactly('s', 'e', 'c', 'r', 'e', 't');
    }

    @Test
    void pkcs12AndJksKeyStores() throws Exception {
        char[] pw = TlsTestCertificates.PASSWORD.toCharArray();
        for (String[] store : new String[][] {{"server.p12", "PKCS12"}, {"server.jks", "JKS"}}) {
            KeyMaterial.Entry e = KeyMaterial.load(TlsCredentials.keyStore(file(store[0]), store[1], pw));
            assertThat(e.chain()[0].getSubjectX500Principal().getName()).as(store[0]).isEqualTo("CN=localhost");
        }
        assertThatThrownBy(() -> KeyMaterial.load(TlsCredentials.keyStore(file("server.p12"), "PKCS12", "wrong".toCharArray())))
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void unusableFilesAreNamed() throws Exception {
        Path empty = Files.writeString(tmp.resolve("empty.pem"), "nothing here");
        assertThatThrownBy(() -> KeyMaterial.readKey(empty, null)).isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("empty.pem");
        assertThatThrownBy(() -> KeyMaterial.readCertificates(empty)).isInstanceOf(Exception.class);
        Path sec1 = Files.writeString(tmp.resolve("sec1.key"), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        assertThatThrownBy(() -> KeyMaterial.readKey(sec1, null)).hasMessageContaining("sec1.key");
    }

    @Test
    void unreadableCertificatesFailTheLayerAtStart() {
        TlsConfig bad = TlsConfig.pem(tmp.resolve("missing.pem"), tmp.resolve("missing.key")).build();
        assertThatThrownBy(() -> TlsLayer.wrap(bad, () -> null)).hasMessageContaining("cannot load the TLS certificate");
    }

    @Test
    void configValidation() {
        var base = TlsTestCertificates.server();
        assertThatThrownBy(() -> base.clientAuth(TlsConfig.ClientAuth.REQUIRED, null).build())
                .hasMessageContaining("trustedCertificates");
        assertThatThrownBy(() -> TlsTestCertificates.server().protocols(List.of()).build()).hasMessageContaining("protocol");
        assertThatThrownBy(() -> TlsTestCertificates.server().applicationProtocols(List.of()).build()).hasMessageContaining("ALPN");
        assertThatThrownBy(() -> TlsTestCertificates.server().handshakeTimeout(java.time.Duration.ZERO).build())
                .hasMessageContaining("handshakeTimeout");
        TlsConfig c = TlsTestCertificates.server().sni("API.Test", TlsCredentials.pem(file("api.pem"), file("api.key"))).build();
        assertThat(c.sniCredentials()).containsKey("api.test");
        assertThat(c.toBuilder().build()).isEqualTo(c);
    }

    @Test
    void rfc9113Section92() {
        assertThat(Http2Security.isAcceptable("TLSv1.3", "TLS_AES_128_GCM_SHA256")).isTrue();
        assertThat(Http2Security.isAcceptable("TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")).isTrue();
        assertThat(Http2Security.isAcceptable("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256")).isTrue();
        assertThat(Http2Security.isAcceptable("TLSv1.2", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384")).isTrue();
        assertThat(Http2Security.isAcceptable("TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256")).as("not AEAD").isFalse();
        assertThat(Http2Security.isAcceptable("TLSv1.2", "TLS_RSA_WITH_AES_128_GCM_SHA256")).as("not ephemeral").isFalse();
        assertThat(Http2Security.isAcceptable("TLSv1.1", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")).as("below 1.2").isFalse();
        assertThat(Http2Security.isAcceptable(null, null)).isFalse();
    }
}
