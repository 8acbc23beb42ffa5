package dev.celeris.benchmarks.peers;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Undertow's native WebSocket server ({@code Handlers.websocket}) with the {@link WsPeers} routes,
 * answering on the I/O thread as Undertow's own examples do.
 */
final class UndertowWsPeer {

    private UndertowWsPeer() {
    }

    static Peer start(String host, int port, int ioThreads) {
        Set<WebSocketChannel> subscribers = ConcurrentHashMap.newKeySet();
        Undertow server = Undertow.builder()
                .setIoThreads(ioThreads)
                .addHttpListener(port, host)
                .setHandler(Handlers.path()
                        .addExactPath("/ws/echo", Handlers.websocket(listen(new AbstractReceiveListener() {
                            @Override
                            protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) {
                                WebSockets.sendText(message.getData(), channel, null);
                            }

                            @Override
                            protected void onFullBinaryMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
                                var data = message.getData();
                                try {
                                    WebSockets.sendBinary(WebSockets.mergeBuffers(data.getResource()), channel, null);
                                } finally {
                                    data.free();
                                }
                            }
                        })))
                        .addExactPath("/ws/sub", Handlers.websocket((exchange, channel) -> {
                            subscribers.add(channel);
                            channel.addCloseTask(subscribers::remove);
                            channel.getReceiveSetter().set(new AbstractReceiveListener() { });
                            channel.resumeReceives();
                        }))
                        .addExactPath("/ws/pub", Handlers.websocket(listen(new AbstractReceiveListener() {
                            @Override
                            protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) {
                                String text = message.getData();
                                for (WebSocketChannel s : subscribers) WebSockets.sendText(text, s, null);
                            }
                        }))))
                .build();
        return UndertowPeer.started(server);
    }

    private static WebSocketConnectionCallback listen(AbstractReceiveListener listener) {
        return (exchange, channel) -> {
            channel.getReceiveSetter().set(listener);
            channel.resumeReceives();
        };
    }
}
