package dev.celeris.engine.internal;

import dev.celeris.engine.Headers;
import dev.celeris.engine.HttpResponse;

/**
 * The bookkeeping every protocol's {@link HttpResponse} shares: status, headers, trailers and
 * the committed flag, with the status rules checked in one place so HTTP/1.1 and HTTP/2 accept
 * exactly the same values.
 */
public abstract class BaseResponse implements HttpResponse {

    protected int status = 200;
    protected final Headers headers = new Headers();
    protected Headers trailers;
    /** Whether the status and headers have been handed to the I/O thread. */
    protected boolean committed;
    /** Body bytes the handler gave this response (for observers); HEAD and 204/304 bodies excluded. */
    protected long bodyBytes;

    @Override
    public HttpResponse status(int status) {
        if (committed) throw new IllegalStateException("response already committed");
        // SPEC: RFC 9110 §15 status codes are three digits; final responses are 2xx..5xx.
        if (status < 200 || status > 599) throw new IllegalArgumentException("final status must be 200..599: " + status);
        this.status = status;
        return this;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public Headers headers() {
        return headers;
    }

    @Override
    public Headers trailers() {
        if (trailers == null) trailers = new Headers(2);
        return trailers;
    }

    @Override
    public boolean hasTrailers() {
        return trailers != null && !trailers.isEmpty();
    }

    /** Body bytes the handler wrote, as reported to {@link dev.celeris.engine.EngineObserver}. */
    public final long bodyBytes() {
        return bodyBytes;
    }

    @Override
    public boolean isCommitted() {
        return committed;
    }

    /**
     * Checks an interim status and that nothing final was sent yet.
     * SPEC: RFC 9110 §15.2 interim responses are 1xx; 101 is the upgrade itself (and does not
     * exist in HTTP/2, RFC 9113 §8.6).
     */
    protected final void checkInterim(int status) {
        if (status < 100 || status > 199 || status == 101) {
            throw new IllegalArgumentException("interim status must be 1xx other than 101: " + status);
        }
        if (committed) throw new IllegalStateException("response already committed");
    }

    /**
     * Rejects response fields that would corrupt the message: a name that is not a token, or a
     * value with CR, LF or NUL (response splitting). HTTP/1.1 checks the same while encoding.
     * SPEC: RFC 9110 §5.5, RFC 9113 §8.2.1.
     *
     * @throws IllegalArgumentException naming the field
     */
    protected static void checkFields(Headers fields) {
        if (fields == null) return;
        for (int i = 0, n = fields.size(); i < n; i++) {
            String name = fields.name(i);
            for (int c = 0; c < name.length(); c++) {
                if (!isTokenChar(name.charAt(c))) {
                    throw new IllegalArgumentException("invalid response header name: " + name);
                }
            }
            String value = fields.value(i);
            for (int c = 0; c < value.length(); c++) {
                char ch = value.charAt(c);
                if (ch == '\r' || ch == '\n' || ch == 0) {
                    throw new IllegalArgumentException("control character in response header " + name);
                }
            }
        }
    }

    /** SPEC: RFC 9110 §5.6.2 tchar: visible ASCII except delimiters, as two 64-bit masks (bit = char). */
    private static final long TCHAR_LOW = mask(0, 64);
    private static final long TCHAR_HIGH = mask(64, 128);

    private static long mask(int from, int to) {
        long m = 0;
        for (int c = from; c < to; c++) {
            if (c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0) m |= 1L << (c - from);
        }
        return m;
    }

    /** One mask test per character: this runs for every response field (a String.indexOf per character did not). */
    static boolean isTokenChar(char ch) {
        return ch < 64 ? (TCHAR_LOW >>> ch & 1) != 0 : ch < 128 && (TCHAR_HIGH >>> (ch - 64) & 1) != 0;
    }
}
