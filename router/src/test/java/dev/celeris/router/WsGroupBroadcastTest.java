package dev.celeris.router;

import dev.celeris.spi.testkit.RawWsClient;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.ws.WebSocketConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broadcast with a peer that stops reading: the sender never waits, the slow session is closed
 * with 1008 once its bounded outbound buffer is full (DROP keeps it and skips messages), and a
 * reading neighbour gets every message.
 */
@Timeout(120)
class WsGroupBroadcastTest {

    static java.util.List<String> transports() {
        return RouterWebSocketTest.transports();
    }

    private static final int MESSAGES = 400;
    private static final String PAYLOAD = "x".repeat(64 * 1024); // 25 MiB in all: more than loopback socket buffers absorb

    private static Router app(WsGroup group, CountDownLatch joined, AtomicReference<String> slowClose) {
        Router r = Router.create();
        WebSocketConfig small = WebSocketConfig.builder().maxOutboundBytes(256 * 1024).compression(false).build();
        r.ws("/room", ws -> ws.config(small)
                .onOpen(s -> {
                    group.add(s);
                    joined.countDown();
                })
                .onClose((s, code, reason) -> {
                    if ("slow".equals(s.query("who"))) slowClose.set(code + " " + reason);
                }));
        return r;
    }

    @ParameterizedTest
    @MethodSource("transports")
    void aStalledReaderIsClosedAndNeighboursGetEverything(String transport) throws Exception {
        run(transport, WsGroup.SlowPolicy.CLOSE);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void dropPolicyKeepsTheStalledReader(String transport) throws Exception {
        run(transport, WsGroup.SlowPolicy.DROP);
    }

    private void run(String transport, WsGroup.SlowPolicy policy) throws Exception {
        WsGroup group = new WsGroup(policy);
        CountDownLatch joined = new CountDownLatch(2);
        AtomicReference<String> slowClose = new AtomicReference<>();
        HttpClient client = HttpClient.newHttpClient();
        try (Server server = Celeris.server().host("127.0.0.1").port(0).transport(transport).start(app(group, joined, slowClose));
                RawWsClient slow = new RawWsClient(server.port())) {
            slow.socket.setReceiveBufferSize(4096);
            assertThat(slow.handshake("/room?who=slow", "")).startsWith("HTTP/1.1 101");
            AtomicInteger received = new AtomicInteger();
            CountDownLatch all = new CountDownLatch(MESSAGES);
            WebSocket fast = client.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/room?who=fast"),
                    new WebSocket.Listener() {
                        private int parts;

                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            parts += data.length();
                            if (last) {
                                if (parts == PAYLOAD.length()) received.incrementAndGet();
                                parts = 0;
                                all.countDown();
                            }
                            ws.request(1);
                            return null;
                        }
                    }).get(20, TimeUnit.SECONDS);
            assertThat(joined.await(20, TimeUnit.SECONDS)).isTrue();
            WsSession reader = group.sessions().stream().filter(s -> "fast".equals(s.query("who"))).findFirst().orElseThrow();
            int delivered = 0;
            for (int i = 0; i < MESSAGES; i++) {
                // Pace on the reading neighbour only (a sender that never waits for the stalled one).
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (reader.outboundBytes() > 64 * 1024 && System.nanoTime() < until) Thread.sleep(1);
                delivered += group.broadcast(PAYLOAD); // never blocks, whatever the slow peer does
                for (WsSession s : group.sessions()) {
                    // Bounded memory: nothing queues past the buffer (plus the one message in flight).
                    assertThat(s.outboundBytes()).isLessThanOrEqualTo(256 * 1024 + PAYLOAD.length() + 2);
                }
            }
            assertThat(all.await(60, TimeUnit.SECONDS)).as("the reading neighbour got every message").isTrue();
            assertThat(received.get()).isEqualTo(MESSAGES);
            if (policy == WsGroup.SlowPolicy.CLOSE) {
                assertThat(group.size()).isEqualTo(1);
                assertThat(delivered).isLessThan(2 * MESSAGES);
                // The stalled peer was closed (1008 sent; it never answered, so the close timeout dropped it).
                assertThat(slow.readUntilCloseOrEnd()).isIn(WsGroup.TOO_SLOW, -1);
            } else {
                assertThat(group.size()).isEqualTo(2);
                assertThat(delivered).isLessThan(2 * MESSAGES);
            }
            fast.abort();
        } finally {
            client.shutdownNow(); // close() would wait for the aborted WebSocket's exchange
        }
    }
}
