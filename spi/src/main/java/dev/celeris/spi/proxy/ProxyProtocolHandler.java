package dev.celeris.spi.proxy;

import dev.celeris.spi.Connection;
import dev.celeris.spi.ConnectionHandler;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads and strips the PROXY header of one connection, then hands the connection — with the
 * client's addresses — and every later byte to the handler above (HTTP detection, or a TLS layer
 * first). Until the header is complete the handler above does not exist: a malformed or
 * oversized header, or none within the timeout, closes the connection and is counted in
 * {@link ProxyProtocol}.
 */
final class ProxyProtocolHandler implements ConnectionHandler {

    private static final System.Logger LOG = System.getLogger(ProxyProtocolHandler.class.getName());

    private final ProxyProtocol layer;
    private final ProxyHeaderParser parser;
    private Connection connection;
    private ConnectionHandler next;       // null until the header is in
    private ScheduledFuture<?> deadline;
    private boolean failed;

    ProxyProtocolHandler(ProxyProtocol layer) {
        this.layer = layer;
        ProxyProtocolConfig c = layer.config();
        this.parser = new ProxyHeaderParser(c.acceptV1(), c.acceptV2(), c.maxHeaderSize());
    }

    @Override
    public void onOpen(Connection connection) {
        this.connection = connection;
        deadline = layer.schedule(() -> connection.execute(this::timedOut), layer.config().timeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void onData(ByteBuffer chunk) {
        if (next != null) {
            next.onData(chunk);
            return;
        }
        if (failed) return;
        ProxyHeader header;
        try {
            header = parser.parse(chunk);
        } catch (ProxyProtocolException e) {
            reject(e.getMessage());
            return;
        }
        if (header == null) return;
        deadline.cancel(false);
        layer.accepted();
        Connection above = header.hasAddresses()
                ? new ProxiedConnection(connection, header.source(), header.destination())
                : connection;
        next = layer.next().newHandler();
        next.onOpen(above);
        if (chunk.hasRemaining() && above.isOpen()) next.onData(chunk);
    }

    private void timedOut() {
        if (next == null && !failed && connection.isOpen()) {
            layer.timedOut();
            failed = true;
            LOG.log(Level.DEBUG, () -> "no PROXY protocol header from " + connection.remoteAddress() + " within "
                    + layer.config().timeout() + "; closing");
            connection.abort();
        }
    }

    private void reject(String why) {
        failed = true;
        deadline.cancel(false);
        layer.rejected();
        LOG.log(Level.DEBUG, () -> "bad PROXY protocol header from " + connection.remoteAddress() + ": " + why + "; closing");
        connection.abort();
    }

    @Override
    public void onWritable() {
        if (next != null) next.onWritable();
    }

    @Override
    public boolean onInputClosed() {
        return next != null && next.onInputClosed();
    }

    @Override
    public void onShutdown() {
        if (next != null) next.onShutdown();
        else connection.close(); // nothing in flight yet
    }

    @Override
    public void onClose(Throwable cause) {
        if (deadline != null) deadline.cancel(false);
        if (next != null) next.onClose(cause);
    }
}
