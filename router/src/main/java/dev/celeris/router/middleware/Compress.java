package dev.celeris.router.middleware;

import dev.celeris.engine.HttpResponse;
import dev.celeris.router.Handler;
import dev.celeris.router.MediaTypes;
import dev.celeris.router.ResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * gzip response compression (RFC 9110 §8.4.1.3) when the client accepts it, the content type is
 * compressible (text, JSON, JavaScript, XML, SVG, wasm) and a complete body is at least
 * {@code minLength} bytes (streamed bodies are always compressed; each flush sends what is
 * compressed so far). Adds {@code Vary: Accept-Encoding}, drops {@code Content-Length}, weakens
 * a strong {@code ETag}. Skips HEAD, 204/206/304, and responses that already have a
 * {@code Content-Encoding}.
 *
 * <p>Brotli is not offered: no maintained pure-Java brotli encoder is published on Maven Central
 * (the available ones wrap native code).
 */
public final class Compress {

    public static final int DEFAULT_MIN_LENGTH = 1024;

    private Compress() {
    }

    public static Handler create() {
        return create(DEFAULT_MIN_LENGTH, Deflater.DEFAULT_COMPRESSION);
    }

    /**
     * @param minLength smallest complete body worth compressing
     * @param level     deflate level 1 (fast) .. 9 (small), or -1 for the default (6)
     */
    public static Handler create(int minLength, int level) {
        if (level < -1 || level > 9) throw new IllegalArgumentException("gzip level must be -1..9");
        return ctx -> {
            ctx.addHeader("vary", "Accept-Encoding");
            if ("HEAD".equals(ctx.method()) || !acceptsGzip(ctx.header("accept-encoding"))) {
                ctx.next();
                return;
            }
            ctx.wrapResponse(r -> new Gzip(r, minLength, level));
            ctx.next();
        };
    }

    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) return false;
        for (String coding : acceptEncoding.split(",")) {
            String[] parts = coding.trim().split(";");
            String name = parts[0].trim().toLowerCase(Locale.ROOT);
            if (!name.equals("gzip") && !name.equals("x-gzip") && !name.equals("*")) continue;
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                if (p.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (q > 0) return true;
        }
        return false;
    }

    private static final class Gzip extends ResponseWrapper {
        private final int minLength;
        private final int level;

        Gzip(HttpResponse delegate, int minLength, int level) {
            super(delegate);
            this.minLength = minLength;
            this.level = level;
        }

        private boolean eligible() {
            int s = delegate.status();
            var h = delegate.headers();
            return s != 204 && s != 206 && s != 304 && s >= 200 && !h.contains("content-encoding")
                    && !h.contains("content-range") && MediaTypes.isCompressible(h.get("content-type"));
        }

        private void markEncoded() {
            var h = delegate.headers();
            h.set("content-encoding", "gzip");
            h.remove("content-length");
            String etag = h.get("etag");
            if (etag != null && !etag.startsWith("W/")) h.set("etag", "W/" + etag);
        }

        @Override
        public void send(ByteBuffer body) {
            if (body.remaining() < minLength || !eligible()) {
                delegate.send(body);
                return;
            }
            ByteArrayOutputStream buf = new ByteArrayOutputStream(Math.max(64, body.remaining() / 3));
            try (GZIPOutputStream gz = new LeveledGzip(buf, level, false)) {
                byte[] bytes = new byte[body.remaining()];
                body.get(bytes);
                gz.write(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            markEncoded();
            delegate.send(buf.toByteArray());
        }

        @Override
        public OutputStream body() {
            if (delegate.isCommitted() || !eligible()) return delegate.body();
            markEncoded();
            try {
                return new LeveledGzip(delegate.body(), level, true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class LeveledGzip extends GZIPOutputStream {
        LeveledGzip(OutputStream out, int level, boolean syncFlush) throws IOException {
            super(out, 8192, syncFlush);
            def.setLevel(level);
        }
    }
}
