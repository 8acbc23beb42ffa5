package dev.celeris.router;

import dev.celeris.engine.Headers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@code multipart/form-data} parser (RFC 7578 over RFC 2046 §5.1) for a body already in
 * memory. Malformed input is a 400 {@link HttpException} naming what is wrong.
 */
final class Multipart {

    static final int MAX_PARTS = 1000;
    static final int MAX_PART_HEADER_BYTES = 8192;

    private Multipart() {
    }

    /** The {@code boundary} parameter of a multipart content type, or null. */
    static String boundary(String contentType) {
        String b = parameter(contentType, "boundary");
        if (b == null || b.isEmpty() || b.length() > 70) return null;   // SPEC: RFC 2046 §5.1.1 1..70 chars
        return b;
    }

    static MultipartForm parse(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] crlfDelimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int pos;
        if (startsWith(body, 0, delimiter)) {
            pos = delimiter.length;
        } else {
            int at = indexOf(body, crlfDelimiter, 0);   // skip the preamble
            if (at < 0) throw bad("no opening boundary");
            pos = at + crlfDelimiter.length;
        }
        List<FormPart> parts = new ArrayList<>();
        while (true) {
            if (startsWith(body, pos, new byte[] {'-', '-'})) break;   // close delimiter
            while (pos < body.length && (body[pos] == ' ' || body[pos] == '\t')) pos++;   // transport padding
            if (!startsWith(body, pos, new byte[] {'\r', '\n'})) throw bad("boundary not followed by CRLF");
            pos += 2;
            int headerEnd = indexOf(body, new byte[] {'\r', '\n', '\r', '\n'}, pos);
            Headers headers = new Headers(4);
            int contentStart;
            if (startsWith(body, pos, new byte[] {'\r', '\n'})) {
                contentStart = pos + 2;   // a part with no headers
            } else {
                if (headerEnd < 0) throw bad("unterminated part headers");
                if (headerEnd - pos > MAX_PART_HEADER_BYTES) throw bad("part headers too large");
                parseHeaders(new String(body, pos, headerEnd - pos, StandardCharsets.UTF_8), headers);
                contentStart = headerEnd + 4;
            }
            int end = indexOf(body, crlfDelimiter, contentStart);
            if (end < 0) throw bad("missing closing boundary");
            byte[] content = java.util.Arrays.copyOfRange(body, contentStart, end);
            parts.add(toPart(headers, content));
            if (parts.size() > MAX_PARTS) throw bad("more than " + MAX_PARTS + " parts");
            pos = end + crlfDelimiter.length;
        }
        return new MultipartForm(parts);
    }

    private static FormPart toPart(Headers headers, byte[] content) {
        String disposition = headers.get("content-disposition");
        if (disposition == null || !disposition.trim().toLowerCase(Locale.ROOT).startsWith("form-data")) {
            throw bad("part without Content-Disposition: form-data");
        }
        String name = parameter(disposition, "name");
        if (name == null) throw bad("part without a name");
        String filename = parameter(disposition, "filename*");
        if (filename != null) {
            // SPEC: RFC 8187 §3.2 ext-value charset'lang'pct-encoded
            int q = filename.indexOf('\'', filename.indexOf('\'') + 1);
            filename = q < 0 ? filename : PercentDecoder.decodePath(filename, q + 1, filename.length());
        } else {
            filename = parameter(disposition, "filename");
        }
        String type = headers.get("content-type");
        return new FormPart(name, filename, type == null ? "text/plain" : type, headers.readOnly(), content);
    }

    private static void parseHeaders(String block, Headers into) {
        for (String line : block.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) throw bad("malformed part header");
            into.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
    }

    /** A parameter of a header value like {@code form-data; name="a"; filename="b.txt"}. */
    static String parameter(String header, String wanted) {
        if (header == null) return null;
        int i = header.indexOf(';');
        while (i >= 0 && i < header.length()) {
            i++;
            while (i < header.length() && header.charAt(i) == ' ') i++;
            int eq = header.indexOf('=', i);
            if (eq < 0) return null;
            String key = header.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            int v = eq + 1;
            String value;
            int next;
            if (v < header.length() && header.charAt(v) == '"') {
                StringBuilder sb = new StringBuilder();
                int j = v + 1;
                while (j < header.length() && header.charAt(j) != '"') {
                    char c = header.charAt(j);
                    if (c == '\\' && j + 1 < header.length()) c = header.charAt(++j);
                    sb.append(c);
                    j++;
                }
                value = sb.toString();
                next = header.indexOf(';', j);
            } else {
                next = header.indexOf(';', v);
                value = header.substring(v, next < 0 ? header.length() : next).trim();
            }
            if (key.equals(wanted)) return value;
            i = next;
        }
        return null;
    }

    private static HttpException bad(String why) {
        return new HttpException(400, "Malformed multipart body: " + why);
    }

    private static boolean startsWith(byte[] a, int from, byte[] prefix) {
        if (from + prefix.length > a.length) return false;
        for (int i = 0; i < prefix.length; i++) {
            if (a[from + i] != prefix[i]) return false;
        }
        return true;
    }

    private static int indexOf(byte[] a, byte[] needle, int from) {
        outer:
        for (int i = from; i <= a.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (a[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }
}
