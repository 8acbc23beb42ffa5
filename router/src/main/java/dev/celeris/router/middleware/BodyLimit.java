package dev.celeris.router.middleware;

import dev.celeris.router.Handler;
import dev.celeris.router.HttpException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Rejects request bodies larger than a limit with 413 Content Too Large (RFC 9110 §15.5.14):
 * at once when {@code Content-Length} says so, otherwise as soon as reading passes the limit
 * (chunked HTTP/1.1 and HTTP/2 bodies without a length).
 */
public final class BodyLimit {

    private BodyLimit() {
    }

    public static Handler of(long maxBytes) {
        if (maxBytes < 0) throw new IllegalArgumentException("maxBytes < 0");
        return ctx -> {
            long declared = ctx.request().contentLength();
            if (declared > maxBytes) throw tooLarge(maxBytes);
            ctx.wrapRequestBody(in -> new Limited(in, maxBytes));
            ctx.next();
        };
    }

    private static HttpException tooLarge(long max) {
        return new HttpException(413, "Request body larger than " + max + " bytes");
    }

    private static final class Limited extends FilterInputStream {
        private final long max;
        private long read;

        Limited(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count(1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count(n);
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > max) throw tooLarge(max);
        }
    }
}
