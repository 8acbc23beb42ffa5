package dev.celeris.router;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * A {@code Set-Cookie} value (RFC 6265 §4.1), built fluently and added with
 * {@link Context#setCookie(Cookie)}:
 *
 * <pre>{@code
 * ctx.setCookie(Cookie.of("session", id).path("/").maxAge(Duration.ofHours(1))
 *         .httpOnly(true).secure(true).sameSite(Cookie.SameSite.LAX));
 * }</pre>
 */
public final class Cookie {

    public enum SameSite { STRICT, LAX, NONE }

    private final String name;
    private final String value;
    private String path;
    private String domain;
    private Duration maxAge;
    private ZonedDateTime expires;
    private boolean secure;
    private boolean httpOnly;
    private SameSite sameSite;

    private Cookie(String name, String value) {
        this.name = Objects.requireNonNull(name, "name");
        this.value = Objects.requireNonNull(value, "value");
        if (name.isEmpty() || !name.chars().allMatch(Cookie::isTokenChar)) {
            throw new IllegalArgumentException("invalid cookie name: '" + name + "'");
        }
        if (!value.chars().allMatch(Cookie::isCookieOctet)) {
            throw new IllegalArgumentException("invalid cookie value for '" + name + "' (RFC 6265 §4.1.1 cookie-octet)");
        }
    }

    public static Cookie of(String name, String value) {
        return new Cookie(name, value);
    }

    /** A cookie that tells the browser to delete {@code name} (Max-Age=0). */
    public static Cookie expired(String name) {
        return new Cookie(name, "").maxAge(Duration.ZERO);
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }

    public Cookie path(String path) {
        this.path = checkAttr(path);
        return this;
    }

    public Cookie domain(String domain) {
        this.domain = checkAttr(domain);
        return this;
    }

    public Cookie maxAge(Duration maxAge) {
        this.maxAge = maxAge;
        return this;
    }

    public Cookie expires(ZonedDateTime expires) {
        this.expires = expires;
        return this;
    }

    public Cookie secure(boolean on) {
        this.secure = on;
        return this;
    }

    public Cookie httpOnly(boolean on) {
        this.httpOnly = on;
        return this;
    }

    public Cookie sameSite(SameSite sameSite) {
        this.sameSite = sameSite;
        return this;
    }

    /** The {@code Set-Cookie} header value. */
    public String toHeaderValue() {
        StringBuilder sb = new StringBuilder(name).append('=').append(value);
        if (path != null) sb.append("; Path=").append(path);
        if (domain != null) sb.append("; Domain=").append(domain);
        if (maxAge != null) sb.append("; Max-Age=").append(Math.max(0, maxAge.toSeconds()));
        if (expires != null) {
            sb.append("; Expires=").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(expires.withZoneSameInstant(ZoneOffset.UTC)));
        }
        if (secure || sameSite == SameSite.NONE) sb.append("; Secure");   // browsers require Secure with SameSite=None
        if (httpOnly) sb.append("; HttpOnly");
        if (sameSite != null) {
            sb.append("; SameSite=").append(switch (sameSite) {
                case STRICT -> "Strict";
                case LAX -> "Lax";
                case NONE -> "None";
            });
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return toHeaderValue();
    }

    private static String checkAttr(String v) {
        if (v != null && (v.indexOf(';') >= 0 || v.chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
            throw new IllegalArgumentException("invalid cookie attribute value: " + v);
        }
        return v;
    }

    static boolean isTokenChar(int c) {
        return c > 32 && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    private static boolean isCookieOctet(int c) {
        // SPEC: RFC 6265 §4.1.1 cookie-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
        return c == 0x21 || (c >= 0x23 && c <= 0x2B) || (c >= 0x2D && c <= 0x3A)
                || (c >= 0x3C && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
    }
}
