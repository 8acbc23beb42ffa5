package dev.celeris.engine.internal.h1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.HttpEngine;
import dev.celeris.engine.HttpHandler;
import dev.celeris.engine.HttpRequest;
import dev.celeris.engine.HttpResponse;
import dev.celeris.engine.Protocols;
import dev.celeris.spi.Transport;
import dev.celeris.spi.TransportConfig;
import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.Transports;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Real HTTP/1.1 clients against the engine on every transport on the class path, over real sockets. */
@Timeout(60)
class Http1InteropTest {

    private Transport transport;

    static Stream<String> transports() {
        List<TransportProvider> available = Transports.available();
        assumeTrue(!available.isEmpty(), "no transport on the test class path");
        return available.stream().map(TransportProvider::name);
    }

    @AfterEach
    void stop() {
        if (transport != null) transport.close();
    }

    /** {@code /hello}: text; {@code /echo}: the request body; {@code /stream}: chunked with a trailer. */
    static void handle(HttpRequest req, HttpResponse res) throws Exception {
        switch (req.path()) {
            case "/echo" -> {
                byte[] body = req.bodyBytes();
                res.header("content-type", "application/octet-stream");
                res.header("x-protocol", req.protocol());
                res.send(body);
            }
            case "/stream" -> {
                res.trailers().set("x-count", "3");
                OutputStream out = res.body();
                for (int i = 0; i < 3; i++) {
                    out.write(("chunk" + i + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                out.close();
            }
            default -> res.header("content-type", "text/plain").send("Hello, " + req.protocol());
        }
    }

    private int start(String name, EngineConfig config) throws IOException {
        TransportConfig tc = TransportConfig.builder().host("127.0.0.1").port(0).ioThreads(2).build();
        transport = Transports.select(name).bind(tc, HttpEngine.create(config, Http1InteropTest::handle));
        return transport.localAddress().getPort();
    }

    private static boolean onPath(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, binary))) return true;
        }
        return false;
    }

    private static String run(Path stdin, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (stdin != null) pb.redirectInput(stdin.toFile());
        Process p = pb.start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(40, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
            assertThat(p.exitValue()).as("%s exit code; output:%n%s", command[0], out).isZero();
            return out;
        } finally {
            p.destroyForcibly();
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void curlKeepAliveChunkedUploadAndTrailers(String name) throws Exception {
        assumeTrue(onPath("curl"), "curl not installed: skipping the curl HTTP/1.1 test");
        int port = start(name, EngineConfig.defaults());
        String base = "http://127.0.0.1:" + port;
        // Two URLs on one curl invocation reuse the connection (keep-alive).
        String out = run(null, "curl", "-sS", "--http1.1", "-v", base + "/hello", base + "/hello");
        assertThat(out.split("Hello, HTTP/1.1", -1)).hasSize(3);
        assertThat(out).contains("Re-using existing connection").doesNotContain("Closing connection");
        Path upload = Files.createTempFile("celeris-h1", ".bin");
        try {
            Files.writeString(upload, "x".repeat(100_000));
            String echoed = run(upload, "curl", "-sS", "--http1.1", "-H", "Transfer-Encoding: chunked",
                    "-H", "Expect: 100-continue", "--data-binary", "@-", base + "/echo");
            assertThat(echoed).isEqualTo("x".repeat(100_000));
        } finally {
            Files.deleteIfExists(upload);
        }
        String streamed = run(null, "curl", "-sS", "--http1.1", "-i", "--raw", base + "/stream");
        assertThat(streamed).contains("transfer-encoding: chunked").contains("chunk2").contains("x-count: 3");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void onePortServesHttp11H2cUpgradeAndPriorKnowledge(String name) throws Exception {
        assumeTrue(onPath("curl"), "curl not installed: skipping the protocol detection test");
        String url = "http://127.0.0.1:" + start(name, EngineConfig.defaults()) + "/hello";
        assertThat(run(null, "curl", "-sS", "--http1.1", url)).isEqualTo("Hello, HTTP/1.1");
        assertThat(run(null, "curl", "-sS", "--http2-prior-knowledge", url)).isEqualTo("Hello, HTTP/2.0");
        assertThat(run(null, "curl", "-sS", "--http2", url)).isEqualTo("Hello, HTTP/2.0"); // h2c upgrade
    }

    @ParameterizedTest
    @MethodSource("transports")
    void protocolModesRestrictWhatThePortSpeaks(String name) throws Exception {
        assumeTrue(onPath("curl"), "curl not installed: skipping the protocol mode test");
        String url = "http://127.0.0.1:" + start(name, EngineConfig.builder().protocols(Protocols.HTTP1_ONLY).build()) + "/hello";
        assertThat(run(null, "curl", "-sS", "--http2", url)).isEqualTo("Hello, HTTP/1.1"); // upgrade ignored
        assertThat(exitCode("curl", "-sS", "--http2-prior-knowledge", url)).isNotZero();
        transport.close();
        url = "http://127.0.0.1:" + start(name, EngineConfig.builder().protocols(Protocols.HTTP2_ONLY).build()) + "/hello";
        assertThat(run(null, "curl", "-sS", "--http2-prior-knowledge", url)).isEqualTo("Hello, HTTP/2.0");
        assertThat(exitCode("curl", "-sS", "--http1.1", url)).isNotZero();
    }

    private static int exitCode(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            return p.exitValue();
        } finally {
            p.destroyForcibly();
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void jdkHttpClientOverHttp11(String name) throws Exception {
        int port = start(name, EngineConfig.defaults());
        try (var client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()) {
            for (int i = 0; i < 3; i++) {
                var response = client.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/echo"))
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("body " + i)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_1_1);
                assertThat(response.body()).isEqualTo("body " + i);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void jdkHttpClientUpgradesToH2c(String name) throws Exception {
        int port = start(name, EngineConfig.defaults());
        String base = "http://127.0.0.1:" + port;
        // Default version HTTP_2 over http:// makes the JDK client send Upgrade: h2c on its first request.
        try (var client = java.net.http.HttpClient.newHttpClient()) {
            var first = client.send(java.net.http.HttpRequest.newBuilder(URI.create(base + "/hello")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_2);
            assertThat(first.body()).isEqualTo("Hello, HTTP/2.0");
            var second = client.send(java.net.http.HttpRequest.newBuilder(URI.create(base + "/echo"))
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("over h2")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(second.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_2);
            assertThat(second.body()).isEqualTo("over h2");
        }
        // A fresh client whose first request has a body: the body is read, then served as stream 1.
        try (var client = java.net.http.HttpClient.newHttpClient()) {
            var post = client.send(java.net.http.HttpRequest.newBuilder(URI.create(base + "/echo"))
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("upgrade body")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(200);
            assertThat(post.body()).isEqualTo("upgrade body");
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void okHttpOverHttp11(String name) throws Exception {
        int port = start(name, EngineConfig.defaults());
        OkHttpClient client = new OkHttpClient.Builder().protocols(List.of(okhttp3.Protocol.HTTP_1_1))
                .callTimeout(Duration.ofSeconds(20)).build();
        try {
            String base = "http://127.0.0.1:" + port;
            try (var response = client.newCall(new Request.Builder().url(base + "/hello").build()).execute()) {
                assertThat(response.protocol()).isEqualTo(okhttp3.Protocol.HTTP_1_1);
                assertThat(response.body().string()).isEqualTo("Hello, HTTP/1.1");
            }
            byte[] big = new byte[1 << 20];
            for (int i = 0; i < big.length; i++) big[i] = (byte) i;
            RequestBody streaming = new RequestBody() { // unknown length: OkHttp sends it chunked
                @Override
                public MediaType contentType() {
                    return MediaType.get("application/octet-stream");
                }

                @Override
                public void writeTo(BufferedSink sink) throws IOException {
                    sink.write(big);
                }
            };
            try (var response = client.newCall(new Request.Builder().url(base + "/echo").post(streaming).build()).execute()) {
                assertThat(response.body().bytes()).isEqualTo(big);
            }
            try (var response = client.newCall(new Request.Builder().url(base + "/stream").build()).execute()) {
                assertThat(response.body().string()).isEqualTo("chunk0\nchunk1\nchunk2\n");
                assertThat(response.trailers().get("x-count")).isEqualTo("3");
            }
        } finally {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void rawSocketPipelining(String name) throws Exception {
        int port = start(name, EngineConfig.defaults());
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < 50; i++) requests.append("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        requests.append("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(20_000);
            s.getOutputStream().write(requests.toString().getBytes(StandardCharsets.ISO_8859_1));
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(Responses.parse(all)).hasSize(51).allSatisfy(r -> assertThat(r.body()).isEqualTo("Hello, HTTP/1.1"));
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void h2loadPipelinedKeepAliveLoadHasNoErrors(String name) throws Exception {
        assumeTrue(onPath("h2load"), "h2load not installed: skipping the pipelined HTTP/1.1 load test");
        int port = start(name, EngineConfig.defaults());
        String out = run(null, "h2load", "--h1", "-n", "10000", "-c", "8", "-m", "16", "http://127.0.0.1:" + port + "/hello");
        assertThat(out).contains("10000 succeeded, 0 failed, 0 errored, 0 timeout");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void wrkKeepAliveLoadHasNoErrors(String name) throws Exception {
        assumeTrue(onPath("wrk"), "wrk not installed: skipping the wrk keep-alive test");
        int port = start(name, EngineConfig.defaults());
        String out = run(null, "wrk", "-t1", "-c8", "-d1s", "http://127.0.0.1:" + port + "/hello");
        assertThat(out).contains("requests in").doesNotContain("Socket errors").doesNotContain("Non-2xx");
    }

    static List<String> lines(InputStream in) throws IOException {
        return new ArrayList<>(List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
    }
}
