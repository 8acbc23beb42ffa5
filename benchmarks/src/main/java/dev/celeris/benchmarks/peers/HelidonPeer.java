package dev.celeris.benchmarks.peers;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Helidon 4 SE's web server (Níma) with its HTTP/2 module: cleartext prior knowledge and
 * {@code Upgrade: h2c}, every request handled on its own virtual thread, the same threading model
 * as Celeris's default. Helidon has no I/O thread pool to size: connections are read by virtual
 * threads too, so {@code ioThreads} is ignored (the CPU set the runner pins it to bounds the
 * carrier threads, as for every other server).
 */
public final class HelidonPeer implements Peer {

    private static final byte[] EMPTY = new byte[0];

    private final WebServer server;

    private HelidonPeer(WebServer server) {
        this.server = server;
    }

    public static HelidonPeer start(String host, int port, int ioThreads) {
        WebServer server = WebServer.builder()
                .host(host)
                .port(port)
                // Helidon leaves Nagle on by default: an HTTP/2 response written as HEADERS then
                // DATA waits for the client's delayed ACK (~40 ms), which stalled h2load at
                // -c 8 -m 32 near 5,000 req/s with the server idle. Every other peer sets it.
                .connectionOptions(o -> o.tcpNoDelay(true))
                .routing(r -> r.any(HelidonPeer::handle))
                .build()
                .start();
        return new HelidonPeer(server);
    }

    private static void handle(ServerRequest request, ServerResponse response) {
        String method = request.prologue().method().text();
        byte[] body = Method.POST.equals(request.prologue().method()) ? request.content().as(byte[].class) : EMPTY;
        String query = request.query().rawValue();
        PeerRoutes.Reply reply = PeerRoutes.respond(method, request.path().rawPath(),
                query == null || query.isEmpty() ? null : query, body);
        response.status(reply.status());
        response.header(HeaderNames.CONTENT_TYPE, reply.contentType());
        response.send(reply.body(), 0, reply.length());
    }

    @Override
    public String name() {
        return "helidon-native";
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
