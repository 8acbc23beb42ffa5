package dev.celeris.router;

import dev.celeris.engine.HttpRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

/**
 * The proxy networks whose forwarding headers are believed: RFC 7239 {@code Forwarded}, else
 * {@code X-Forwarded-For}, {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}. Set with
 * {@link Router#trustProxies(String...)}; none by default, so a client can never claim another
 * address, scheme or host by sending such headers.
 *
 * <p>Only when the connection's peer (the TCP peer, or the client the PROXY protocol announced)
 * is in a trusted network are the headers read. The client is then the first address, walking
 * the forwarding chain from the right (the nearest hop), that is not itself a trusted proxy —
 * entries a client wrote itself sit further left and are never reached. Scheme and host come from
 * the same hop's {@code Forwarded} element, or from the last (nearest) {@code X-Forwarded-Proto}
 * / {@code X-Forwarded-Host} value; malformed values are ignored.
 */
final class TrustedProxies {

    static final TrustedProxies NONE = new TrustedProxies(List.of());

    private final List<IpNetwork> networks;

    private TrustedProxies(List<IpNetwork> networks) {
        this.networks = networks;
    }

    static TrustedProxies of(String... cidrs) {
        return new TrustedProxies(java.util.Arrays.stream(cidrs).map(IpNetwork::parse).toList());
    }

    boolean isEmpty() {
        return networks.isEmpty();
    }

    boolean trusts(InetAddress address) {
        for (IpNetwork n : networks) if (n.contains(address)) return true;
        return false;
    }

    /** Who sent {@code request}, as far as the trusted proxies tell. */
    ClientIdentity resolve(HttpRequest request) {
        InetAddress peer = addressOf(request.remoteAddress());
        ClientIdentity direct = new ClientIdentity(peer, textOf(request.remoteAddress(), peer), request.scheme(), request.authority());
        if (peer == null || networks.isEmpty() || !trusts(peer)) return direct;
        List<String> forwarded = request.headers().getAll("forwarded");
        if (!forwarded.isEmpty()) return Forwarded.resolve(this, forwarded, direct);
        return XForwarded.resolve(this, request.headers(), direct);
    }

    private static InetAddress addressOf(SocketAddress a) {
        return a instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }

    private static String textOf(SocketAddress a, InetAddress ip) {
        if (ip != null) return ip.getHostAddress();
        if (a instanceof InetSocketAddress inet) return inet.getHostString();
        return String.valueOf(a);
    }

    @Override
    public String toString() {
        return networks.toString();
    }
}
