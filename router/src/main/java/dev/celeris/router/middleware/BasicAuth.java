package dev.celeris.router.middleware;

import dev.celeris.router.Handler;
import dev.celeris.router.HttpException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * HTTP Basic authentication (RFC 7617). Missing or wrong credentials → 401 with
 * {@code WWW-Authenticate: Basic realm="..."}; on success the user name is stored as the
 * context attribute {@value #USER}.
 */
public final class BasicAuth {

    public static final String USER = "user";

    private BasicAuth() {
    }

    /** Users and passwords, compared in constant time. */
    public static Handler of(String realm, Map<String, String> users) {
        Map<String, String> copy = Map.copyOf(users);
        return of(realm, (user, password) -> {
            String expected = copy.get(user);
            return expected != null && MessageDigest.isEqual(
                    expected.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8));
        });
    }

    /** Credentials checked by {@code verifier(user, password)}. */
    public static Handler of(String realm, BiPredicate<String, String> verifier) {
        String challenge = "Basic realm=\"" + realm.replace("\"", "") + "\", charset=\"UTF-8\"";
        return ctx -> {
            String header = ctx.header("authorization");
            if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    decoded = null;
                }
                int colon = decoded == null ? -1 : decoded.indexOf(':');
                if (colon >= 0) {
                    String user = decoded.substring(0, colon);
                    if (verifier.test(user, decoded.substring(colon + 1))) {
                        ctx.set(USER, user);
                        ctx.next();
                        return;
                    }
                }
            }
            throw new HttpException(401, "Unauthorized").header("www-authenticate", challenge);
        };
    }
}
