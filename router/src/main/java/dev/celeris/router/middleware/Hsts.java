package dev.celeris.router.middleware;

import dev.celeris.router.Handler;
import java.time.Duration;

/**
 * HTTP Strict Transport Security (RFC 6797): adds {@code Strict-Transport-Security} to responses
 * sent over TLS, telling browsers to use HTTPS only for {@code maxAge}. Never on cleartext
 * responses (§7.2). Default: one year, no {@code includeSubDomains}, no {@code preload}.
 */
public final class Hsts {

    public static final String HEADER = "strict-transport-security";

    private Hsts() {
    }

    public static Handler create() {
        return create(Duration.ofDays(365), false, false);
    }

    /**
     * @param maxAge            how long browsers remember (0 tells them to forget)
     * @param includeSubDomains whether it covers every subdomain too
     * @param preload           whether to ask for inclusion in browsers' preload lists
     */
    public static Handler create(Duration maxAge, boolean includeSubDomains, boolean preload) {
        if (maxAge.isNegative()) throw new IllegalArgumentException("negative maxAge");
        String value = "max-age=" + maxAge.toSeconds() + (includeSubDomains ? "; includeSubDomains" : "")
                + (preload ? "; preload" : "");
        return ctx -> {
            if (ctx.tlsSession() != null || "https".equals(ctx.scheme())) ctx.header(HEADER, value);
            ctx.next();
        };
    }
}
