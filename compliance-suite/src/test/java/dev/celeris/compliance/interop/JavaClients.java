package dev.celeris.compliance.interop;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;

/** The JDK HttpClient (h2c upgrade), OkHttp (prior knowledge) and Jetty's HTTP2Client (prior knowledge). */
final class JavaClients {

    private JavaClients() {
    }

    static final class Jdk implements InteropClient {
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5)).build();

        @Override
        public String name() {
            return "JDK HttpClient";
        }

        @Override
        public Outcome run(Scenario s, String base) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + s.path())).timeout(Duration.ofSeconds(30));
            if (s == Scenario.POST_1MIB) {
                b.header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(Scenario.postBody()));
            }
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return Outcome.of(r.statusCode(), r.body(), s, r.version() == HttpClient.Version.HTTP_2 ? "h2c upgrade" : "HTTP/1.1");
        }

        @Override
        public void close() {
            client.close();
        }
    }

    static final class OkHttp implements InteropClient {
        private final OkHttpClient client = new OkHttpClient.Builder().protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE))
                .readTimeout(30, TimeUnit.SECONDS).build();

        @Override
        public String name() {
            return "OkHttp";
        }

        @Override
        public Outcome run(Scenario s, String base) throws Exception {
            Request.Builder b = new Request.Builder().url(base + s.path());
            if (s == Scenario.POST_1MIB) b.post(RequestBody.create(Scenario.postBody(), MediaType.get("application/json")));
            try (okhttp3.Response r = client.newCall(b.build()).execute()) {
                return Outcome.of(r.code(), r.body().bytes(), s, r.protocol() == Protocol.H2_PRIOR_KNOWLEDGE ? "HTTP/2" : r.protocol().toString());
            }
        }

        @Override
        public void close() {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    static final class Jetty implements InteropClient {
        private final org.eclipse.jetty.client.HttpClient client;

        Jetty() throws Exception {
            client = new org.eclipse.jetty.client.HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client()));
            client.start();
        }

        @Override
        public String name() {
            return "Jetty HTTP2Client";
        }

        @Override
        public Outcome run(Scenario s, String base) throws Exception {
            var req = client.newRequest(base + s.path()).timeout(30, TimeUnit.SECONDS);
            if (s == Scenario.POST_1MIB) req.method("POST").body(new BytesRequestContent("application/json", Scenario.postBody()));
            var listener = new org.eclipse.jetty.client.CompletableResponseListener(req, 32 << 20);
            ContentResponse r = listener.send().get(30, TimeUnit.SECONDS);
            return Outcome.of(r.getStatus(), r.getContent(), s, r.getVersion().asString());
        }

        @Override
        public void close() throws Exception {
            client.stop();
        }
    }
}
