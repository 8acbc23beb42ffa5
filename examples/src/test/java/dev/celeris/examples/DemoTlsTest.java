package dev.celeris.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.router.Server;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's TLS flags: parsing, the self-signed certificate, and HTTPS beside cleartext on the same routes. */
class DemoTlsTest {

    @TempDir
    Path tmp;

    @Test
    void flagsAreTakenOutAndTheRestIsLeftForTheOtherOptions() throws Exception {
        DemoTls.Parsed p = DemoTls.extract(new String[] {"--port", "0", "--tls-self-signed", "--tls-port", "9443"});
        assertThat(p.config()).isNotNull();
        assertThat(p.port()).isEqualTo(9443);
        assertThat(p.rest()).containsExactly("--port", "0");
        assertThat(DemoTls.extract(new String[] {"--port", "0"}).config()).as("no TLS flag: no TLS").isNull();
        assertThat(DemoTls.extract(new String[] {"--tls-cert", "a.pem"})).as("cert without key").isNull();
        assertThat(DemoTls.extract(new String[] {"--tls-port"})).as("missing value").isNull();
        assertThat(DemoTls.extract(new String[] {"--tls-port", "x", "--tls-self-signed"})).isNull();
        Path[] files = DemoTls.selfSigned(tmp);
        DemoTls.Parsed own = DemoTls.extract(new String[] {"--tls-cert", files[0].toString(), "--tls-key", files[1].toString()});
        assertThat(own.config().credentials().files()).containsExactly(files[0], files[1]);
        assertThat(own.port()).isEqualTo(DemoTls.DEFAULT_PORT);
    }

    @Test
    void theSelfSignedServerAnswersTheSameRoutesOverH2() throws Exception {
        Path[] files = DemoTls.selfSigned(tmp);
        DemoTls.Parsed tls = DemoTls.extract(new String[] {"--tls-cert", files[0].toString(), "--tls-key",
                files[1].toString(), "--tls-port", "0"});
        DemoApp.Options o = DemoApp.Options.parse(new String[] {"--host", "127.0.0.1", "--port", "0"});
        Server secure = DemoTls.start(tls, o, Map.of(), DemoApp.router("secret"));
        try (HttpClient client = HttpClient.newBuilder().sslContext(trusting(files[0])).build()) {
            HttpResponse<String> res = client.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + secure.port() + "/users/42")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(res.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(res.body()).isEqualTo("{\"user_id\":\"42\"}");
        } finally {
            secure.close();
        }
    }

    static SSLContext trusting(Path certPem) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(certPem)) {
            store.setCertificateEntry("demo", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
