package dev.celeris.engine.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.Transports;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Real HTTP/2 clients against the engine on every transport on the class path. */
@Timeout(120)
class RealClientsTest {

    static Stream<TransportProvider> transports() {
        return Transports.available().stream();
    }

    /** Runs a command; the result is exit code + stdout + stderr. */
    record Run(int exit, String out, String err) {
    }

    static boolean installed(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (new java.io.File(dir, binary).canExecute()) return true;
        }
        return false;
    }

    static Run run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).start();
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        Thread t1 = Thread.startVirtualThread(() -> copy(p.getInputStream(), out));
        Thread t2 = Thread.startVirtualThread(() -> copy(p.getErrorStream(), err));
        p.getOutputStream().close();
        if (!p.waitFor(100, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        t1.join();
        t2.join();
        return new Run(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static void copy(java.io.InputStream in, ByteArrayOutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the process ended
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void curlPriorKnowledge(TransportProvider provider) throws Exception {
        assumeTrue(installed("curl"), "curl is not installed: skipping the curl interop test");
        try (TestServer server = TestServer.start(provider, TestServer.APP)) {
            Run get = run(List.of("curl", "-sS", "--http2-prior-knowledge", "-w", " %{http_version} %{response_code}",
                    server.url("/hello")));
            assertThat(get.out()).as(get.err()).isEqualTo("hello 2 200");
            Run post = run(List.of("curl", "-sS", "--http2-prior-knowledge", "--data-binary", "ping-pong", server.url("/echo")));
            assertThat(post.out()).as(post.err()).isEqualTo("ping-pong");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void nghttp(TransportProvider provider) throws Exception {
        assumeTrue(installed("nghttp"), "nghttp is not installed: skipping the nghttp interop test");
        try (TestServer server = TestServer.start(provider, TestServer.APP)) {
            Run get = run(List.of("nghttp", "-s", server.url("/hello"), server.url("/bytes?n=300000")));
            assertThat(get.exit()).as(get.out() + get.err()).isZero();
            assertThat(get.out()).contains("hello");
            Run many = run(List.of("nghttp", "-n", "-s", "-m", "20", server.url("/hello")));
            assertThat(many.exit()).as(many.out() + many.err()).isZero();
            assertThat(many.out()).contains("200");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void h2loadTenThousandRequests(TransportProvider provider) throws Exception {
        assumeTrue(installed("h2load"), "h2load is not installed: skipping the h2load interop test");
        try (TestServer server = TestServer.start(provider, TestServer.APP)) {
            Run load = run(List.of("h2load", "-n", "10000", "-c", "10", "-m", "100", server.url("/hello")));
            assertThat(load.out()).as(load.err())
                    .contains("10000 succeeded, 0 failed, 0 errored")
                    .contains("status codes: 10000 2xx");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void okHttpPriorKnowledge(TransportProvider provider) throws Exception {
        try (TestServer server = TestServer.start(provider, TestServer.APP)) {
            OkHttpClient client = new OkHttpClient.Builder().protocols(List.of(okhttp3.Protocol.H2_PRIOR_KNOWLEDGE)).build();
            try {
                try (Response r = client.newCall(new Request.Builder().url(server.url("/hello")).build()).execute()) {
                    assertThat(r.protocol()).isEqualTo(okhttp3.Protocol.H2_PRIOR_KNOWLEDGE);
                    assertThat(r.code()).isEqualTo(200);
                    assertThat(r.body().string()).isEqualTo("hello");
                }
                byte[] payload = new byte[1_000_000];
                new java.util.Random(1).nextBytes(payload);
                Request post = new Request.Builder().url(server.url("/echo"))
                        .post(RequestBody.create(payload, MediaType.get("application/octet-stream"))).build();
                try (Response r = client.newCall(post).execute()) {
                    assertThat(r.body().bytes()).isEqualTo(payload);
                }
                // concurrent streams on one connection
                List<java.util.concurrent.CompletableFuture<String>> futures = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    futures.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        try (Response r = client.newCall(new Request.Builder().url(server.url("/hello")).build()).execute()) {
                            return r.body().string();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }));
                }
                for (var f : futures) assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo("hello");
            } finally {
                client.dispatcher().executorService().shutdown();
                client.connectionPool().evictAll();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void jettyHttp2Client(TransportProvider provider) throws Exception {
        try (TestServer server = TestServer.start(provider, TestServer.APP)) {
            var http2 = new org.eclipse.jetty.http2.client.HTTP2Client();
            var client = new org.eclipse.jetty.client.HttpClient(
                    new org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2(http2));
            client.start();
            try {
                var r = client.GET(server.url("/hello"));
                assertThat(r.getStatus()).isEqualTo(200);
                assertThat(r.getVersion()).isEqualTo(org.eclipse.jetty.http.HttpVersion.HTTP_2);
                assertThat(r.getContentAsString()).isEqualTo("hello");
                var post = client.POST(server.url("/count"))
                        .body(new org.eclipse.jetty.client.BytesRequestContent(new byte[500_000])).send();
                assertThat(post.getContentAsString()).isEqualTo("500000");
            } finally {
                client.stop();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void jdkHttpClientUpgradesToH2c(TransportProvider provider) throws Exception {
        try (TestServer server = TestServer.start(provider, TestServer.APP)) {
            try (var client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_2).build()) {
                var first = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url("/hello"))).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(first.body()).isEqualTo("hello");
                assertThat(first.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_2);
                var second = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url("/echo")))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("again")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(second.body()).isEqualTo("again");
                assertThat(second.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_2);
            }
        }
    }
}
