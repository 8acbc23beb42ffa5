package dev.celeris.router.middleware;

import dev.celeris.router.Handler;
import dev.celeris.router.HttpException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Predicate;

/**
 * Bearer-token authentication (RFC 6750 §2.1). A missing token → 401 with
 * {@code WWW-Authenticate: Bearer}; a wrong one → 401 with {@code error="invalid_token"}
 * (§3.1). On success the token is stored as the context attribute {@value #TOKEN}.
 */
public final class BearerAuth {

    public static final String TOKEN = "token";

    private BearerAuth() {
    }

    /** Accepts exactly {@code token} (compared in constant time). */
    public static Handler token(String token) {
        byte[] expected = token.getBytes(StandardCharsets.UTF_8);
        return of(t -> MessageDigest.isEqual(expected, t.getBytes(StandardCharsets.UTF_8)));
    }

    /** Accepts tokens for which {@code verifier} returns true. */
    public static Handler of(Predicate<String> verifier) {
        return ctx -> {
            String header = ctx.header("authorization");
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new HttpException(401, "Unauthorized").header("www-authenticate", "Bearer");
            }
            String token = header.substring(7).trim();
            if (token.isEmpty() || !verifier.test(token)) {
                throw new HttpException(401, "Invalid token")
                        .header("www-authenticate", "Bearer error=\"invalid_token\"");
            }
            ctx.set(TOKEN, token);
            ctx.next();
        };
    }
}
