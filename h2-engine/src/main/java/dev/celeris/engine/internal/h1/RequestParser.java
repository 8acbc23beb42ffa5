package dev.celeris.engine.internal.h1;

import dev.celeris.engine.Headers;
import dev.celeris.engine.Http1Config;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Push parser for an HTTP/1.x request head (RFC 9112 §2–§6): request line, field lines, and
 * the framing decisions that follow from them. Feed it chunks with {@link #parse}; a head split
 * at any byte, across any number of chunks, parses the same. One instance per connection,
 * reused for every request: the line buffer is allocated once and methods and common header
 * names are interned, so a request costs the {@link Http1Request}, its {@link Headers} and the
 * value strings.
 *
 * <p>Line endings are strict: a field or request line must end in CRLF. RFC 9112 §2.2 lets a
 * recipient accept a bare LF, but a server that does while a proxy in front of it does not (or
 * the other way round) disagrees with it on where a header ends, which is how requests are
 * smuggled; real clients always send CRLF. A bare LF or bare CR is answered with 400.
 *
 * <p>Errors are {@link Http1Exception}s carrying the status to answer: 400 for malformed or
 * ambiguous input, 414 request line too long, 431 header section too large or too many fields,
 * 413 declared body above the limit, 417 unknown expectation, 501 unsupported transfer coding or
 * CONNECT, 505 HTTP major version other than 1. After an error the parser must not be used.
 */
final class RequestParser {

    private final int maxRequestLine;
    private final int maxHeaderBytes;
    private final int maxHeaderFields;
    private final long maxBodySize;
    private final byte[] line;
    private int len;
    private boolean inHeaders;
    private int headerBytes;
    private int fieldCount;
    private int skippedEmptyLines;

    private Http1Request req;
    private int contentLengthCount;
    private int hostCount;
    private String host;
    private boolean transferEncoding;
    private int chunkedCount;
    private boolean chunkedLast;
    private boolean otherCoding;
    private boolean connectionClose;
    private boolean connectionKeepAlive;
    private boolean connectionUpgrade;
    private boolean connectionSettings;
    private String expect;
    private boolean upgradeH2c;
    private int settingsCount;
    private String settings;

    /** @param maxBodySize declared bodies above this get 413; -1 for no limit */
    RequestParser(Http1Config config, long maxBodySize) {
        this.maxRequestLine = config.maxRequestLineLength();
        this.maxHeaderBytes = config.maxHeaderBytes();
        this.maxHeaderFields = config.maxHeaderFields();
        this.maxBodySize = maxBodySize;
        this.line = new byte[Math.max(maxRequestLine, maxHeaderBytes) + 2];
        reset();
    }

    /** Whether part of a request head has been received (the header-read timeout applies). */
    boolean inProgress() {
        return len > 0 || inHeaders || skippedEmptyLines > 0;
    }

    /**
     * Consumes bytes of {@code in} up to the end of a request head.
     *
     * @return true when a head is complete ({@code in} is positioned after it; get it with
     *     {@link #take()}), false when every byte was consumed and more are needed
     */
    boolean parse(ByteBuffer in) throws Http1Exception {
        int pos = in.position();
        int limit = in.limit();
        byte[] buf = line;
        int n = len;
        int cap = inHeaders ? maxHeaderBytes - headerBytes + 1 : maxRequestLine + 1;
        while (pos < limit) {
            // Bulk-copy what can still belong to this line (one byte more than fits: it may be
            // the LF), then scan the array: cheaper than a ByteBuffer access per byte.
            int take = Math.min(limit - pos, cap - n + 1);
            in.get(pos, buf, n, take);
            int end = n + take;
            int lf = n;
            while (lf < end && buf[lf] != '\n') lf++;
            if (lf == end) {
                n = end;
                pos += take;
                if (n > cap) {
                    if (inHeaders) throw new Http1Exception(431, "maxHeaderBytes", "header section larger than " + maxHeaderBytes + " bytes");
                    throw new Http1Exception(414, "maxRequestLineLength", "request line longer than " + maxRequestLine + " bytes");
                }
                continue;
            }
            pos += lf - n + 1;
            n = lf;
            // SPEC: RFC 9112 §2.2 lines end in CRLF; we reject a bare LF (see class comment).
            if (n == 0 || buf[n - 1] != '\r') throw new Http1Exception(400, "bare LF in request head");
            n--;
            if (!inHeaders) {
                if (n == 0) {
                    // SPEC: RFC 9112 §2.2 ignore empty lines received before the request line.
                    skippedEmptyLines++;
                    if (skippedEmptyLines > 16) throw new Http1Exception(400, "too many empty lines before the request line");
                    continue;
                }
                parseRequestLine(buf, n);
                inHeaders = true;
                n = 0;
                cap = maxHeaderBytes + 1;
            } else if (n == 0) {
                len = 0;
                in.position(pos);
                finishHead();
                return true;
            } else {
                headerBytes += n + 2;
                if (headerBytes > maxHeaderBytes) {
                    throw new Http1Exception(431, "maxHeaderBytes", "header section larger than " + maxHeaderBytes + " bytes");
                }
                if (++fieldCount > maxHeaderFields) {
                    throw new Http1Exception(431, "maxHeaderFields", "more than " + maxHeaderFields + " header fields");
                }
                onField(FieldLines.parse(buf, n, req.headers));
                n = 0;
                cap = maxHeaderBytes - headerBytes + 1;
            }
        }
        len = n;
        in.position(pos);
        return false;
    }

    /** The completed request; resets the parser for the next one. */
    Http1Request take() {
        Http1Request r = req;
        reset();
        return r;
    }

    private void reset() {
        len = 0;
        inHeaders = false;
        headerBytes = 0;
        fieldCount = 0;
        skippedEmptyLines = 0;
        req = new Http1Request(new Headers(12));
        contentLengthCount = 0;
        hostCount = 0;
        host = null;
        transferEncoding = false;
        chunkedCount = 0;
        chunkedLast = false;
        otherCoding = false;
        connectionClose = false;
        connectionKeepAlive = false;
        connectionUpgrade = false;
        connectionSettings = false;
        expect = null;
        upgradeH2c = false;
        settingsCount = 0;
        settings = null;
    }

    // SPEC: RFC 9112 §3 request-line = method SP request-target SP HTTP-version
    private void parseRequestLine(byte[] b, int n) throws Http1Exception {
        int sp1 = 0;
        while (sp1 < n && HttpChars.isTchar(b[sp1])) sp1++;
        if (sp1 == 0 || sp1 == n || b[sp1] != ' ') throw new Http1Exception(400, "malformed request line");
        int targetStart = sp1 + 1;
        int sp2 = targetStart;
        while (sp2 < n && b[sp2] > 0x20 && b[sp2] < 0x7f) sp2++;
        if (sp2 == targetStart || sp2 == n || b[sp2] != ' ') throw new Http1Exception(400, "malformed request line");
        int v = sp2 + 1;
        if (n - v < 5 || b[v] != 'H' || b[v + 1] != 'T' || b[v + 2] != 'T' || b[v + 3] != 'P' || b[v + 4] != '/') {
            throw Http1Exception.notHttp("not an HTTP version");
        }
        if (n - v != 8 || !isDigit(b[v + 5]) || b[v + 6] != '.' || !isDigit(b[v + 7])) {
            throw new Http1Exception(400, "malformed HTTP version");
        }
        if (b[v + 5] != '1') {
            if (b[v + 5] == '2' && sp1 == 3 && b[0] == 'P' && b[1] == 'R' && b[2] == 'I') {
                throw new Http1Exception(400, "HTTP/2 connection preface on an HTTP/1.1 connection");
            }
            // SPEC: RFC 9110 §15.6.6 major version not supported
            throw new Http1Exception(505, "HTTP version not supported");
        }
        // SPEC: RFC 9110 §2.5 a higher minor version is processed as the highest we implement (1.1).
        req.http11 = b[v + 7] != '0';
        req.method = HttpChars.method(b, 0, sp1);
        if (req.method == "CONNECT") throw new Http1Exception(501, "CONNECT is not supported");
        parseTarget(b, targetStart, sp2);
    }

    // SPEC: RFC 9112 §3.2 origin-form, absolute-form, asterisk-form (authority-form is CONNECT only).
    private void parseTarget(byte[] b, int start, int end) throws Http1Exception {
        for (int i = start; i < end; i++) {
            if (b[i] == '#') throw new Http1Exception(400, "fragment in request target");
        }
        if (b[start] == '/') {
            splitPathAndQuery(b, start, end);
        } else if (end - start == 1 && b[start] == '*') {
            if (req.method != "OPTIONS") throw new Http1Exception(400, "asterisk-form is only for OPTIONS");
            req.path = "*";
        } else {
            int authStart;
            if (startsWithIgnoreCase(b, start, end, "http://")) {
                authStart = start + 7;
            } else if (startsWithIgnoreCase(b, start, end, "https://")) {
                authStart = start + 8;
            } else {
                throw new Http1Exception(400, "invalid request target");
            }
            int authEnd = authStart;
            while (authEnd < end && b[authEnd] != '/' && b[authEnd] != '?') authEnd++;
            String authority = new String(b, authStart, authEnd - authStart, StandardCharsets.ISO_8859_1);
            // SPEC: RFC 9110 §4.2.4 userinfo in an http(s) URI is treated as an error.
            if (authority.isEmpty() || !isValidHost(authority)) throw new Http1Exception(400, "invalid authority in request target");
            req.authority = authority;
            if (authEnd == end || b[authEnd] == '?') {
                req.path = "/";
                if (authEnd < end) req.rawQuery = string(b, authEnd + 1, end);
            } else {
                splitPathAndQuery(b, authEnd, end);
            }
        }
    }

    private void splitPathAndQuery(byte[] b, int start, int end) {
        int q = start;
        while (q < end && b[q] != '?') q++;
        req.path = q - start == 1 ? "/" : string(b, start, q);
        if (q < end) req.rawQuery = string(b, q + 1, end);
    }

    private void onField(String name) throws Http1Exception {
        Headers h = req.headers;
        String value = h.value(h.size() - 1);
        switch (name) {
            case "content-length" -> {
                // SPEC: RFC 9112 §6.3 a duplicate or invalid Content-Length is unrecoverable framing.
                if (++contentLengthCount > 1) throw new Http1Exception(400, "duplicate Content-Length");
                req.contentLength = parseContentLength(value);
            }
            case "transfer-encoding" -> {
                transferEncoding = true;
                parseTransferCodings(value);
            }
            case "host" -> {
                hostCount++;
                host = value;
            }
            case "connection" -> {
                connectionClose |= HttpChars.hasToken(value, "close");
                connectionKeepAlive |= HttpChars.hasToken(value, "keep-alive");
                connectionUpgrade |= HttpChars.hasToken(value, "upgrade");
                connectionSettings |= HttpChars.hasToken(value, "http2-settings");
            }
            case "expect" -> expect = expect == null ? value : expect + "," + value;
            case "upgrade" -> upgradeH2c |= HttpChars.hasToken(value, "h2c");
            case "http2-settings" -> {
                settingsCount++;
                settings = value;
            }
            default -> {
            }
        }
    }

    private static long parseContentLength(String value) throws Http1Exception {
        int n = value.length();
        if (n == 0 || n > 18) throw new Http1Exception(400, "invalid Content-Length");
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') throw new Http1Exception(400, "invalid Content-Length");
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private void parseTransferCodings(String value) {
        int n = value.length();
        int i = 0;
        while (i < n) {
            int start = i;
            while (i < n && value.charAt(i) != ',') i++;
            int s = start;
            int e = i;
            while (s < e && (value.charAt(s) == ' ' || value.charAt(s) == '\t')) s++;
            while (e > s && (value.charAt(e - 1) == ' ' || value.charAt(e - 1) == '\t')) e--;
            i++;
            if (s == e) continue; // SPEC: RFC 9110 §5.6.1 empty list elements are ignored
            if (e - s == 7 && value.regionMatches(true, s, "chunked", 0, 7)) {
                chunkedCount++;
                chunkedLast = true;
            } else {
                otherCoding = true;
                chunkedLast = false;
            }
        }
    }

    private void finishHead() throws Http1Exception {
        Http1Request r = req;
        // SPEC: RFC 9112 §3.2 400 for a 1.1 request without Host, more than one Host, or an invalid one.
        if (hostCount > 1) throw new Http1Exception(400, "more than one Host header");
        if (hostCount == 0 && r.http11) throw new Http1Exception(400, "missing Host header");
        if (host != null && !host.isEmpty() && !isValidHost(host)) throw new Http1Exception(400, "invalid Host header");
        // SPEC: RFC 9112 §3.2.2 with an absolute-form target the Host header is ignored.
        if (r.authority == null && host != null && !host.isEmpty()) r.authority = host;
        if (transferEncoding) {
            // SPEC: RFC 9112 §6.1 Transfer-Encoding in 1.0 means faulty framing; TE + CL is a smuggling
            // attempt; chunked must be the final coding, applied once, or the length is unknowable (400).
            if (!r.http11) throw new Http1Exception(400, "Transfer-Encoding in an HTTP/1.0 request");
            if (contentLengthCount > 0) throw new Http1Exception(400, "both Content-Length and Transfer-Encoding");
            if (chunkedCount != 1 || !chunkedLast) throw new Http1Exception(400, "chunked is not the final transfer coding");
            if (otherCoding) throw new Http1Exception(501, "unsupported transfer coding");
            r.framing = Http1Request.Framing.CHUNKED;
        } else if (r.contentLength > 0) {
            r.framing = Http1Request.Framing.LENGTH;
            if (maxBodySize >= 0 && r.contentLength > maxBodySize) {
                throw new Http1Exception(413, "maxRequestBodySize", "Content-Length " + r.contentLength + " above the limit of " + maxBodySize);
            }
        }
        // SPEC: RFC 9112 §9.3 persistence: 1.1 unless "close"; 1.0 only with "keep-alive".
        r.keepAlive = r.http11 ? !connectionClose : connectionKeepAlive && !connectionClose;
        if (expect != null) {
            // SPEC: RFC 9110 §10.1.1 only 100-continue is defined; 1.0 clients' expectations are ignored.
            if (!expect.trim().equalsIgnoreCase("100-continue")) throw new Http1Exception(417, "unsupported expectation");
            r.expectContinue = r.http11 && r.hasBody();
        }
        // SPEC: RFC 7540 §3.2 (h2c): Upgrade: h2c, exactly one HTTP2-Settings, both named in Connection.
        if (upgradeH2c && r.http11 && settingsCount == 1 && connectionUpgrade && connectionSettings
                && r.framing != Http1Request.Framing.CHUNKED) {
            r.http2Settings = decodeSettings(settings);
        }
    }

    /** The base64url SETTINGS payload (RFC 7540 §3.2.1), or null when malformed (upgrade ignored). */
    private static byte[] decodeSettings(String value) {
        try {
            byte[] payload = Base64.getUrlDecoder().decode(value.trim());
            return payload.length % 6 == 0 ? payload : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** RFC 3986 host [":" port]: reg-name/IP-literal characters only (no userinfo, path or spaces). */
    private static boolean isValidHost(String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~%!$&'()*+,;=:[]".indexOf(c) >= 0;
            if (!ok) return false;
        }
        return true;
    }

    private static boolean startsWithIgnoreCase(byte[] b, int start, int end, String prefix) {
        return end - start > prefix.length() - 1 && HttpChars.equalsLowerCase(b, start, prefix);
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static String string(byte[] b, int start, int end) {
        return new String(b, start, end - start, StandardCharsets.ISO_8859_1);
    }
}
