package dev.celeris.examples;

import dev.celeris.router.Celeris;
import dev.celeris.router.Router;
import dev.celeris.router.Server;
import dev.celeris.router.ServerBuilder;
import dev.celeris.spi.tls.TlsConfig;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The demo's TLS flags, taken out of the argument list before the other options are parsed:
 * {@code --tls-cert FILE --tls-key FILE} (PEM) or {@code --tls-self-signed} (a throw-away
 * certificate for {@code localhost}, made at start with Bouncy Castle), and {@code --tls-port N}
 * (default 8443). With any of them the same routes are also served over HTTPS on that port;
 * cleartext stays on {@code --port}.
 */
final class DemoTls {

    static final int DEFAULT_PORT = 8443;

    /** The TLS settings (null when no TLS flag was given), the HTTPS port and the other arguments. */
    record Parsed(TlsConfig config, int port, String[] rest) {
    }

    private DemoTls() {
    }

    /** Returns null when a TLS flag is malformed (missing value, cert without key...). */
    static Parsed extract(String[] args) throws IOException, GeneralSecurityException {
        List<String> rest = new ArrayList<>();
        String cert = null;
        String key = null;
        boolean selfSigned = false;
        int port = DEFAULT_PORT;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--tls-self-signed" -> selfSigned = true;
                case "--tls-cert", "--tls-key", "--tls-port" -> {
                    if (i + 1 >= args.length) return null;
                    String v = args[++i];
                    if (a.equals("--tls-cert")) cert = v;
                    if (a.equals("--tls-key")) key = v;
                    if (a.equals("--tls-port")) {
                        try {
                            port = Integer.parseInt(v);
                        } catch (NumberFormatException e) {
                            return null;
                        }
                    }
                }
                default -> rest.add(a);
            }
        }
        if ((cert == null) != (key == null) || (selfSigned && cert != null)) return null;
        TlsConfig config = null;
        if (cert != null) {
            config = TlsConfig.pem(Path.of(cert), Path.of(key)).build();
        } else if (selfSigned) {
            Path[] files = selfSigned(Files.createTempDirectory("celeris-self-signed"));
            config = TlsConfig.pem(files[0], files[1]).build();
        }
        return new Parsed(config, port, rest.toArray(String[]::new));
    }

    /** Writes a fresh EC P-256 key and a 30-day certificate for localhost, 127.0.0.1 and ::1; returns {cert, key}. */
    static Path[] selfSigned(Path dir) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        X500Name name = new X500Name("CN=localhost, O=Celeris demo (self-signed)");
        Instant now = Instant.now();
        try {
            var builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new java.security.SecureRandom()),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(30))), name,
                    pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.iPAddress, "::1")}));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            Path certFile = dir.resolve("localhost.pem");
            Path keyFile = dir.resolve("localhost.key");
            Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()));
            Files.writeString(keyFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            return new Path[] {certFile, keyFile};
        } catch (org.bouncycastle.operator.OperatorCreationException | org.bouncycastle.cert.CertIOException e) {
            throw new GeneralSecurityException("cannot make the self-signed certificate", e);
        }
    }

    /**
     * Starts the HTTPS server of {@code tls} on the same router, transport and host as the
     * cleartext one ({@code o}, the config file and environment); null when no TLS flag was given.
     */
    static Server start(Parsed tls, DemoApp.Options o, Map<String, String> environment, Router router) {
        if (tls.config() == null) return null;
        ServerBuilder builder = Celeris.server().config(o.config(), environment);
        if (o.host() != null) builder.host(o.host());
        if (o.transport() != null) builder.transport(o.transport());
        return builder.port(tls.port()).tls(tls.config()).start(router);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
