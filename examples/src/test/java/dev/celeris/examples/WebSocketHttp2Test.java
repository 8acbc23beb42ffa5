package dev.celeris.examples;

import static dev.celeris.examples.WebSocketJvmClientsTest.BIG;
import static dev.celeris.examples.WebSocketJvmClientsTest.next;
import static dev.celeris.examples.WebSocketJvmClientsTest.nextBytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * WebSocket over HTTP/2 (RFC 8441 extended CONNECT, cleartext prior knowledge) with Jetty's
 * WebSocket client on an HTTP/2 transport: the session runs on one stream under HTTP/2 flow
 * control, on every transport.
 */
@Timeout(180)
class WebSocketHttp2Test {

    static List<String> transports() {
        return WebSocketJvmClientsTest.transports();
    }

    @ParameterizedTest
    @MethodSource("transports")
    void jettyClientOverHttp2(String transport) throws Exception {
        HttpClient http = new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client()));
        WebSocketClient client = new WebSocketClient(http);
        client.setMaxBinaryMessageSize(64 << 20);
        client.setMaxTextMessageSize(64 << 20);
        client.start();
        try {
            String echo = WebSocketJvmClientsTest.echoUrl(transport);
            LinkedBlockingQueue<Object> in = new LinkedBlockingQueue<>();
            ClientUpgradeRequest upgrade = new ClientUpgradeRequest();
            upgrade.setSubProtocols("echo");
            Session session = client.connect(new WebSocketJvmClientsTest.JettyEndpoint(in), URI.create(echo), upgrade)
                    .get(30, TimeUnit.SECONDS);
            assertThat(session.getUpgradeResponse().getAcceptedSubProtocol()).isEqualTo("echo");
            session.sendText("hello ☃", Callback.NOOP);
            assertThat(next(in)).isEqualTo("hello ☃");
            // 16 MiB in 1 MiB fragments, both ways through stream and connection windows.
            for (int i = 0; i < 16; i++) {
                Callback.Completable done = new Callback.Completable();
                session.sendPartialBinary(ByteBuffer.wrap(BIG, i << 20, 1 << 20), i == 15, done);
                done.get(60, TimeUnit.SECONDS);
            }
            assertThat(nextBytes(in)).isEqualTo(BIG);
            session.sendPing(ByteBuffer.wrap("p".getBytes(StandardCharsets.UTF_8)), Callback.NOOP);
            assertThat(next(in)).isEqualTo("pong:p");
            session.close(4000, "bye", Callback.NOOP);
            assertThat(next(in)).isEqualTo("close:4000");

            // The server saw HTTP/2: the chat room announces the protocol of each joiner.
            LinkedBlockingQueue<Object> room = new LinkedBlockingQueue<>();
            Session chat = client.connect(new WebSocketJvmClientsTest.JettyEndpoint(room),
                    URI.create(echo.replace("/ws/echo", "/ws/chat/h2?name=jetty"))).get(30, TimeUnit.SECONDS);
            assertThat(next(room)).isEqualTo("jetty joined (HTTP/2.0)");
            chat.close(1000, "", Callback.NOOP);
        } finally {
            client.stop();
            http.stop();
        }
    }
}
