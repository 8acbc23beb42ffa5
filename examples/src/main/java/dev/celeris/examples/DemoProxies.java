package dev.celeris.examples;

import dev.celeris.router.Context;
import dev.celeris.router.Router;
import dev.celeris.router.ServerBuilder;
import dev.celeris.spi.proxy.ProxyProtocolConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** The demo behind a load balancer: {@code --proxy-protocol}, {@code --trusted-proxies} and {@code GET /whoami}. */
final class DemoProxies {

    private DemoProxies() {
    }

    /**
     * {@code proxyProtocol}: the PROXY protocol versions to expect ({@code v1}, {@code v2} or
     * {@code v1,v2}), null for none; {@code trustedProxies}: comma-separated networks whose
     * forwarding headers are believed, null for none.
     */
    static void apply(String proxyProtocol, String trustedProxies, ServerBuilder builder, Router router) {
        if (proxyProtocol != null) builder.proxyProtocol(ProxyProtocolConfig.ofVersions(proxyProtocol));
        if (trustedProxies != null) router.trustProxies(trustedProxies.split(","));
    }

    /** {@code GET /whoami}: the client as the server sees it. */
    static void whoami(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client_ip", ctx.clientIp());
        body.put("scheme", ctx.scheme());
        body.put("host", ctx.host());
        ctx.json(body);
    }
}
