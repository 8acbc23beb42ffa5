package dev.celeris.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.router.Celeris;
import dev.celeris.router.Router;
import dev.celeris.router.Server;
import dev.celeris.router.middleware.Logger;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Server spans checked with the SDK's in-memory exporter, over a real server and the JDK client. */
@Timeout(60)
class TracingTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT_SPAN = "00f067aa0ba902b7";
    private static final HttpClient H1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final HttpClient H2C = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final List<String> accessLog = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private Server server;

    private String start(Sampler sampler) {
        OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .setSampler(sampler).addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build();
        Router router = Router.create();
        router.use(Logger.builder().sink(accessLog::add).build(), Tracing.create(otel));
        router.get("/users/:id", ctx -> ctx.string(Span.current().getSpanContext().getSpanId() + " "
                + Baggage.current().getEntryValue("user")));
        router.get("/boom", ctx -> {
            throw new IllegalStateException("bug");
        });
        router.get("/stream", ctx -> ctx.stream("text/plain", out -> {
            out.write("first\n".getBytes());
            out.flush();
            release.await(20, TimeUnit.SECONDS);
            out.write("last\n".getBytes());
        }));
        server = Celeris.server().host("127.0.0.1").port(0).transport("nio").start(router);
        return "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private static HttpRequest.Builder get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
    }

    private SpanData onlySpan() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (exporter.getFinishedSpanItems().isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(exporter.getFinishedSpanItems()).hasSize(1);
        return exporter.getFinishedSpanItems().get(0);
    }

    @Test
    void childOfTheIncomingTraceparentCurrentInTheHandlerWithBaggage() throws Exception {
        String base = start(Sampler.parentBased(Sampler.alwaysOn()));
        HttpResponse<String> r = H2C.send(get(base + "/users/42?x=1")
                .header("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN + "-01")
                .header("tracestate", "vendor=abc").header("baggage", "user=alice").header("user-agent", "celeris-test")
                .build(), HttpResponse.BodyHandlers.ofString());
        SpanData span = onlySpan();
        assertThat(span.getName()).isEqualTo("GET /users/:id");
        assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(span.getParentSpanId()).isEqualTo(PARENT_SPAN);
        assertThat(span.getParentSpanContext().isRemote()).isTrue();
        assertThat(span.getSpanContext().getTraceState().get("vendor")).isEqualTo("abc");
        assertThat(r.body()).isEqualTo(span.getSpanId() + " alice"); // current on the handler's thread
        var a = span.getAttributes();
        assertThat(a.get(Tracing.METHOD)).isEqualTo("GET");
        assertThat(a.get(Tracing.ROUTE)).isEqualTo("/users/:id");
        assertThat(a.get(Tracing.URL_PATH)).isEqualTo("/users/42");
        assertThat(a.get(Tracing.URL_QUERY)).isEqualTo("x=1");
        assertThat(a.get(Tracing.URL_SCHEME)).isEqualTo("http");
        assertThat(a.get(Tracing.PROTOCOL_VERSION)).isEqualTo("2");
        assertThat(a.get(Tracing.SERVER_ADDRESS)).isEqualTo("127.0.0.1");
        assertThat(a.get(Tracing.SERVER_PORT)).isEqualTo((long) server.port());
        assertThat(a.get(Tracing.CLIENT_ADDRESS)).isEqualTo("127.0.0.1");
        assertThat(a.get(Tracing.USER_AGENT)).isEqualTo("celeris-test");
        assertThat(a.get(Tracing.STATUS)).isEqualTo(200L);
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(accessLog).singleElement().asString().endsWith(" trace=" + TRACE_ID);
    }

    @Test
    void withoutTraceparentTheSpanIsARoot() throws Exception {
        String base = start(Sampler.alwaysOn());
        H1.send(get(base + "/users/1").build(), HttpResponse.BodyHandlers.ofString());
        SpanData span = onlySpan();
        assertThat(span.getParentSpanContext().isValid()).isFalse();
        assertThat(span.getAttributes().get(Tracing.PROTOCOL_VERSION)).isEqualTo("1.1");
    }

    @Test
    void exceptionsAndServerErrorsAreRecorded() throws Exception {
        String base = start(Sampler.alwaysOn());
        assertThat(H1.send(get(base + "/boom").build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(500);
        SpanData span = onlySpan();
        assertThat(span.getName()).isEqualTo("GET /boom");
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getAttributes().get(Tracing.STATUS)).isEqualTo(500L);
        assertThat(span.getAttributes().get(Tracing.ERROR_TYPE)).isEqualTo(IllegalStateException.class.getName());
        assertThat(span.getEvents()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("exception"));
    }

    @Test
    void unmatchedRequestsAreNamedByMethodOnly() throws Exception {
        String base = start(Sampler.alwaysOn());
        H1.send(get(base + "/missing").build(), HttpResponse.BodyHandlers.ofString());
        SpanData span = onlySpan();
        assertThat(span.getName()).isEqualTo("GET");
        assertThat(span.getAttributes().get(Tracing.ROUTE)).isNull();
        assertThat(span.getAttributes().get(Tracing.STATUS)).isEqualTo(404L);
    }

    @Test
    void aStreamedResponseEndsTheSpanWhenTheStreamEnds() throws Exception {
        String base = start(Sampler.alwaysOn());
        HttpResponse<InputStream> r = H2C.send(get(base + "/stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = r.body()) {
            byte[] first = new byte[6];
            assertThat(body.readNBytes(first, 0, 6)).isEqualTo(6); // the response is under way
            Thread.sleep(200);
            assertThat(exporter.getFinishedSpanItems()).as("span still open while streaming").isEmpty();
            release.countDown();
            assertThat(new String(body.readAllBytes())).isEqualTo("last\n");
        }
        SpanData span = onlySpan();
        assertThat(span.getName()).isEqualTo("GET /stream");
        assertThat(span.getAttributes().get(Tracing.STATUS)).isEqualTo(200L);
    }

    @Test
    void aSamplerThatSaysNoRecordsNothingAndStillServes() throws Exception {
        String base = start(Sampler.alwaysOff());
        HttpResponse<String> r = H1.send(get(base + "/users/7").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        Thread.sleep(100);
        assertThat(exporter.getFinishedSpanItems()).isEmpty();
    }
}
