package dev.celeris.examples.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.celeris.examples.DemoApp;
import dev.celeris.router.Celeris;
import dev.celeris.router.Router;
import dev.celeris.router.Server;
import dev.celeris.router.ServerBuilder;
import dev.celeris.spi.proxy.ProxyProtocolConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's identity through HAProxy, with the repository's config: the PROXY protocol v2
 * ({@code send-proxy-v2}, health checks included) and, without it, {@code X-Forwarded-For}
 * believed from HAProxy only. The client connects from 127.0.0.7 (still loopback), so the address
 * the instances report can only have come through HAProxy. Instances run in this JVM: the demo's
 * routes on nio, netty and jetty.
 */
@Timeout(120)
class HaproxyClientIdentityTest {

    private static final InetAddress CLIENT = InetAddress.getLoopbackAddress().getAddress().length == 4
            ? address("127.0.0.7") : InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Server> instances(boolean proxyProtocol, String trusted) {
        List<Server> servers = new ArrayList<>();
        for (String t : List.of("nio", "netty", "jetty")) {
            Router router = DemoApp.router("secret");
            if (trusted != null) router.trustProxies(trusted);
            ServerBuilder b = Celeris.server().host("127.0.0.1").port(0).transport(t).shutdownGrace(java.time.Duration.ofSeconds(2));
            if (proxyProtocol) b.proxyProtocol(ProxyProtocolConfig.defaults().withVersions(false, true));
            servers.add(b.start(router));
        }
        return servers;
    }

    private static Map<String, String> addresses(List<Server> servers) {
        Map<String, String> m = new HashMap<>();
        for (Server s : servers) m.put(s.transportName(), "127.0.0.1:" + s.port());
        return m;
    }

    /** One GET /whoami from 127.0.0.7 through HAProxy (HTTP/1.1, one request per connection): [served-by, body]. */
    private static String[] whoami(int port, String extraHeaders) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(CLIENT, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 20_000);
            s.setSoTimeout(20_000);
            s.getOutputStream().write(("GET /whoami HTTP/1.1\r\nhost: shop.example\r\nconnection: close\r\n" + extraHeaders + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            s.getInputStream().transferTo(out);
            String text = out.toString(StandardCharsets.US_ASCII);
            assertThat(text).startsWith("HTTP/1.1 200");
            String servedBy = text.lines().filter(l -> l.toLowerCase().startsWith("x-served-by:")).findFirst().orElse("?").substring(12).trim();
            return new String[] {servedBy, text.substring(text.indexOf("\r\n\r\n") + 4)};
        }
    }

    @Test
    void proxyProtocolV2CarriesTheClientAddressToEveryTransport() throws Exception {
        assumeTrue(Tools.onPath("haproxy"), "SKIPPED: haproxy is not installed (Debian package haproxy; .ci/run installs it)");
        List<Server> servers = instances(true, null);
        try (HaproxyProcess haproxy = HaproxyProcess.start(dir, addresses(servers), Map.of("CELERIS_PROXY_PROTOCOL", "1"))) {
            Set<String> servedBy = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                String[] r = whoami(haproxy.port, "x-forwarded-for: 6.6.6.6\r\n");
                servedBy.add(r[0]);
                // The scheme is whatever HAProxy puts in :scheme on its HTTP/2 connection ("https" in 2.6,
                // even in clear text): the PROXY header carries addresses only.
                assertThat(r[1]).as("served by " + r[0]).startsWith("{\"client_ip\":\"" + CLIENT.getHostAddress() + "\",")
                        .endsWith(",\"host\":\"shop.example\"}");
            }
            assertThat(servedBy).containsExactlyInAnyOrder("nio", "netty", "jetty");
        } finally {
            servers.forEach(Server::close);
        }
    }

    @Test
    void forwardedForIsBelievedFromHaproxyAndASpoofedValueIsNot() throws Exception {
        assumeTrue(Tools.onPath("haproxy"), "SKIPPED: haproxy is not installed (Debian package haproxy; .ci/run installs it)");
        List<Server> servers = instances(false, "127.0.0.1");
        try (HaproxyProcess haproxy = HaproxyProcess.start(dir, addresses(servers), Map.of())) {
            for (int i = 0; i < 3; i++) {
                String[] r = whoami(haproxy.port, "x-forwarded-for: 6.6.6.6\r\nx-forwarded-proto: https\r\n");
                assertThat(r[1]).as("served by " + r[0]).isEqualTo("{\"client_ip\":\"" + CLIENT.getHostAddress()
                        + "\",\"scheme\":\"http\",\"host\":\"shop.example\"}");
            }
        } finally {
            servers.forEach(Server::close);
        }
    }

    @Test
    void tlsTerminatedAtHaproxyIsHttpsToTheInstances() throws Exception {
        assumeTrue(Tools.onPath("haproxy"), "SKIPPED: haproxy is not installed (Debian package haproxy; .ci/run installs it)");
        assumeTrue(Tools.onPath("openssl") && Tools.onPath("curl"), "SKIPPED: openssl or curl is not installed");
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        Process gen = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=localhost")
                .redirectErrorStream(true).start();
        String genOut = new String(gen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(gen.waitFor()).as(genOut).isZero();
        Path pem = dir.resolve("site.pem");
        java.nio.file.Files.writeString(pem, java.nio.file.Files.readString(cert) + java.nio.file.Files.readString(key));
        int tlsPort = Tools.freePort();
        List<Server> servers = instances(false, "127.0.0.1");
        try (HaproxyProcess haproxy = HaproxyProcess.start(dir, addresses(servers),
                Map.of("CELERIS_LB_CERT", pem.toString(), "CELERIS_LB_TLS_BIND", "127.0.0.1:" + tlsPort))) {
            for (String http : List.of("--http2", "--http1.1")) {
                Process curl = new ProcessBuilder("curl", "-sk", http, "--interface", CLIENT.getHostAddress(),
                        "-H", "x-forwarded-proto: http", "-w", " %{http_version}", "https://127.0.0.1:" + tlsPort + "/whoami")
                        .redirectErrorStream(true).start();
                String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(curl.waitFor()).as(out).isZero();
                assertThat(out).isEqualTo("{\"client_ip\":\"" + CLIENT.getHostAddress() + "\",\"scheme\":\"https\",\"host\":\"127.0.0.1:"
                        + tlsPort + "\"} " + (http.equals("--http2") ? "2" : "1.1"));
            }
        } finally {
            servers.forEach(Server::close);
        }
    }
}
