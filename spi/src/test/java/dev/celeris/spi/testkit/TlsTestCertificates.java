package dev.celeris.spi.testkit;

import dev.celeris.spi.tls.TlsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The test certificates shipped in the spi test-jar ({@code /tls/*}, made by {@code gen.sh}
 * there), copied to a temporary folder so they can be named by path: a test CA, server
 * certificates for {@code localhost}/{@code 127.0.0.1} ({@code server}, {@code server2},
 * {@code rsa}), one for {@code api.test} ({@code api}), and client certificates signed by the CA
 * ({@code client}), expired ({@code client-expired}) and signed by another CA
 * ({@code client-other}). The server key also comes as SEC1 ({@code server-sec1.key}) and
 * encrypted PKCS#8 ({@code server-encrypted.key}, PBES2; {@code rsa-pbes1.key}, PBES1). Key
 * stores and encrypted keys use the password {@value #PASSWORD}.
 */
public final class TlsTestCertificates {

    public static final String PASSWORD = "secret";
    private static final List<String> FILES = List.of("ca.pem", "other-ca.pem", "server.pem", "server.key",
            "server2.pem", "server2.key", "api.pem", "api.key", "rsa.pem", "rsa.key", "rsa-pkcs1.key", "server.p12",
            "server-sec1.key", "server-encrypted.key", "rsa-pbes1.key",
            "server.jks", "client.pem", "client.key", "client.p12", "client-expired.p12", "client-other.p12");
    private static Path dir;

    private TlsTestCertificates() {
    }

    /** The folder holding every file (copied once per JVM). */
    public static synchronized Path dir() {
        if (dir == null) {
            try {
                Path d = Files.createTempDirectory("celeris-tls-test");
                for (String name : FILES) {
                    try (InputStream in = TlsTestCertificates.class.getResourceAsStream("/tls/" + name)) {
                        if (in == null) throw new IllegalStateException("missing test resource /tls/" + name);
                        Files.copy(in, d.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                d.toFile().deleteOnExit();
                dir = d;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    public static Path file(String name) {
        return dir().resolve(name);
    }

    /** TLS settings serving {@code server.pem} (localhost, 127.0.0.1), with defaults otherwise. */
    public static TlsConfig.Builder server() {
        return TlsConfig.pem(file("server.pem"), file("server.key"));
    }

    /** A client context trusting the test CA. */
    public static SSLContext clientContext() {
        return clientContext(null);
    }

    /** A client context trusting the test CA and presenting the key store {@code clientP12} (null: none). */
    public static SSLContext clientContext(String clientP12) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(file("ca.pem"))) {
                Certificate ca = CertificateFactory.getInstance("X.509").generateCertificate(in);
                trust.setCertificateEntry("ca", ca);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (clientP12 != null) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(file(clientP12))) {
                    keys.load(in, PASSWORD.toCharArray());
                }
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, PASSWORD.toCharArray());
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
