package dev.celeris.compliance.peers;

/**
 * A native h2c (prior knowledge) server of another library, answering {@code GET /} with a
 * short text body and any POST after reading its body, so the suite can be run against it.
 */
public interface PeerServer extends AutoCloseable {

    /** The body every peer serves at {@code /}. */
    byte[] BODY = ("Hello from a peer h2c server. " + "x".repeat(200)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    String name();

    int port();

    @Override
    void close();

    static PeerServer start(String name) throws Exception {
        return switch (name) {
            case "netty" -> NettyPeer.start();
            case "jetty" -> JettyPeer.start();
            case "undertow" -> UndertowPeer.start();
            default -> throw new IllegalArgumentException("unknown peer " + name);
        };
    }
}
