package dev.celeris.router.middleware;

import dev.celeris.router.Handler;

/**
 * Sends cleartext requests to HTTPS: {@code 308 Permanent Redirect} (method and body kept) to
 * the same host and path on the HTTPS port; requests that came over TLS pass through. Use it as
 * the only middleware of the router served on the cleartext port:
 *
 * <pre>{@code
 * Router redirect = Router.create();
 * redirect.use(HttpsRedirect.to(8443));
 * Celeris.server().port(8080).start(redirect);
 * }</pre>
 */
public final class HttpsRedirect {

    private HttpsRedirect() {
    }

    /** Redirects to port {@code httpsPort} (443 is left out of the URL). */
    public static Handler to(int httpsPort) {
        if (httpsPort < 1 || httpsPort > 65535) throw new IllegalArgumentException("port out of range: " + httpsPort);
        return ctx -> {
            if (ctx.tlsSession() != null || "https".equals(ctx.scheme())) {
                ctx.next();
                return;
            }
            String host = hostWithoutPort(ctx.host());
            if (host == null) {
                ctx.status(400).string("a Host header is needed to redirect to HTTPS\n");
                return;
            }
            String query = ctx.rawQuery();
            ctx.redirect(308, "https://" + host + (httpsPort == 443 ? "" : ":" + httpsPort) + ctx.path()
                    + (query == null ? "" : "?" + query));
        };
    }

    /** {@code example.com:8080} → {@code example.com}; {@code [::1]:80} → {@code [::1]}; null or unsafe → null. */
    static String hostWithoutPort(String authority) {
        if (authority == null || authority.isEmpty()) return null;
        for (int i = 0; i < authority.length(); i++) {
            char c = authority.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '/' || c == '\\' || c == '@' || c == '?' || c == '#') return null;
        }
        if (authority.startsWith("[")) {
            int end = authority.indexOf(']');
            return end < 0 ? null : authority.substring(0, end + 1);
        }
        int colon = authority.indexOf(':');
        return colon < 0 ? authority : authority.substring(0, colon);
    }
}
