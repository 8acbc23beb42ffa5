package dev.celeris.engine.internal.h1;

import dev.celeris.engine.Headers;
import java.nio.charset.StandardCharsets;

/** Parses one field line (header or trailer), RFC 9112 §5, into a {@link Headers}. */
final class FieldLines {

    private FieldLines() {
    }

    /**
     * Parses {@code line[0..len)} (without its CRLF) as {@code field-name ":" OWS field-value OWS}
     * and appends it to {@code headers}.
     *
     * @return the field name: lower case, and the interned constant for common names, so callers
     *     may compare it by identity with {@link HttpChars} names
     * @throws Http1Exception 400 for obsolete line folding, whitespace before the colon, an empty
     *     or invalid name, or a control character (such as a bare CR) in the value
     */
    static String parse(byte[] line, int len, Headers headers) throws Http1Exception {
        // SPEC: RFC 9112 §5.2 a server MUST reject obs-fold with 400 (or replace it; we reject).
        if (HttpChars.isOws(line[0])) throw new Http1Exception(400, "obsolete line folding");
        int colon = 0;
        while (colon < len && HttpChars.isTchar(line[colon])) colon++;
        if (colon == len) throw new Http1Exception(400, "field line without colon");
        if (line[colon] != ':') {
            // SPEC: RFC 9112 §5.1 whitespace between field name and colon MUST be rejected with 400.
            if (HttpChars.isOws(line[colon])) throw new Http1Exception(400, "whitespace before colon in field line");
            throw new Http1Exception(400, "invalid character in field name");
        }
        if (colon == 0) throw new Http1Exception(400, "empty field name");
        int start = colon + 1;
        int end = len;
        while (start < end && HttpChars.isOws(line[start])) start++;
        while (end > start && HttpChars.isOws(line[end - 1])) end--;
        for (int i = start; i < end; i++) {
            if (!HttpChars.isFieldValueByte(line[i])) {
                // SPEC: RFC 9112 §2.2 a bare CR (or any other CTL, RFC 9110 §5.5) makes the field invalid.
                throw new Http1Exception(400, line[i] == '\r' ? "bare CR in field value" : "control character in field value");
            }
        }
        String name = HttpChars.headerName(line, 0, colon);
        headers.add(name, new String(line, start, end - start, StandardCharsets.ISO_8859_1));
        return name;
    }
}
