package dev.celeris.router.middleware;

import dev.celeris.router.Handler;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Gives every request an id: the client's {@code X-Request-Id} when it is sane (1–128 visible
 * ASCII characters), else a random 128-bit hex id. The id is echoed in the response header and
 * stored as the context attribute {@value #ATTRIBUTE} (the {@link Logger} prints it).
 */
public final class RequestId {

    public static final String ATTRIBUTE = "requestId";
    public static final String HEADER = "x-request-id";

    private RequestId() {
    }

    public static Handler create() {
        return create(HEADER);
    }

    /** Uses {@code header} instead of {@code X-Request-Id}. */
    public static Handler create(String header) {
        return ctx -> {
            String id = ctx.header(header);
            if (!valid(id)) id = generate();
            ctx.set(ATTRIBUTE, id);
            ctx.header(header, id);
            ctx.next();
        };
    }

    static boolean valid(String id) {
        if (id == null || id.isEmpty() || id.length() > 128) return false;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c <= 0x20 || c >= 0x7f) return false;
        }
        return true;
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** 128 random bits as 32 lower-case hex digits, built in one array (no intermediate strings). */
    static String generate() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        byte[] hex = new byte[32];
        hexInto(r.nextLong(), hex, 0);
        hexInto(r.nextLong(), hex, 16);
        return new String(hex, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static void hexInto(long v, byte[] into, int at) {
        for (int i = 15; i >= 0; i--) {
            into[at + i] = HEX[(int) (v & 0xf)];
            v >>>= 4;
        }
    }
}
