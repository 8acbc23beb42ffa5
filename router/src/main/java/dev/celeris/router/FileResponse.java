package dev.celeris.router;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Serves a {@link Resource} with validators, conditional requests and single byte ranges:
 * {@code ETag} + {@code Last-Modified}; {@code If-None-Match} / {@code If-Modified-Since} → 304
 * (RFC 9110 §13.1.2, §13.1.3); {@code Range: bytes=a-b} → 206 with {@code Content-Range}
 * (RFC 9110 §14), honouring {@code If-Range}; an unsatisfiable range → 416. Multiple ranges are
 * answered with the whole content (a server may ignore Range, §14.2).
 */
final class FileResponse {

    private static final int SMALL = 64 * 1024;

    private FileResponse() {
    }

    static void serve(Context ctx, Resource resource, String contentType) throws IOException {
        long length = resource.length();
        long modified = resource.lastModified() / 1000 * 1000;   // HTTP dates have second precision
        String etag = "\"" + Long.toHexString(length) + "-" + Long.toHexString(modified) + "\"";
        String lastModified = modified > 0 ? httpDate(modified) : null;
        var res = ctx.response();
        res.header("etag", etag);
        if (lastModified != null) res.header("last-modified", lastModified);
        res.header("accept-ranges", "bytes");

        boolean getOrHead = "GET".equals(ctx.method()) || "HEAD".equals(ctx.method());
        String inm = ctx.header("if-none-match");
        // SPEC: RFC 9110 §13.2.2 If-None-Match takes precedence over If-Modified-Since
        if (getOrHead && (inm != null ? etagMatches(inm, etag) : notModifiedSince(ctx.header("if-modified-since"), modified))) {
            ctx.status(304);
            res.end();
            return;
        }
        long start = 0;
        long end = length - 1;
        int status = 200;
        String range = ctx.header("range");
        if (range != null && "GET".equals(ctx.method()) && ifRangeHolds(ctx.header("if-range"), etag, modified)) {
            long[] r = parseRange(range, length);
            if (r == UNSATISFIABLE) {
                res.header("content-range", "bytes */" + length);
                ctx.string(416, "Range Not Satisfiable");
                return;
            }
            if (r != null) {
                start = r[0];
                end = r[1];
                status = 206;
                res.header("content-range", "bytes " + start + "-" + end + "/" + length);
            }
        }
        long count = end - start + 1;
        ctx.status(status);
        res.header("content-type", contentType != null ? contentType : MediaTypes.forFileName(resource.name()));
        if (count <= SMALL) {
            byte[] bytes;
            try (InputStream in = resource.open()) {
                in.skipNBytes(start);
                bytes = in.readNBytes((int) Math.max(count, 0));
            }
            ctx.writeBody(bytes);
            return;
        }
        res.header("content-length", Long.toString(count));
        try (InputStream in = resource.open(); OutputStream out = ctx.outputStream()) {
            in.skipNBytes(start);
            byte[] buf = new byte[16 * 1024];
            long left = count;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) break;
                out.write(buf, 0, n);
                left -= n;
            }
        }
    }

    static final long[] UNSATISFIABLE = new long[0];

    /** {start, end} inclusive; null to ignore the header; {@link #UNSATISFIABLE}. */
    static long[] parseRange(String header, long length) {
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) return null;
        String spec = h.substring(6).trim();
        if (spec.indexOf(',') >= 0) return null;   // multiple ranges: serve everything
        int dash = spec.indexOf('-');
        if (dash < 0) return null;
        try {
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            long start;
            long end;
            if (a.isEmpty()) {   // suffix range: the last N bytes
                long n = Long.parseLong(b);
                if (n <= 0) return UNSATISFIABLE;
                start = Math.max(0, length - n);
                end = length - 1;
            } else {
                start = Long.parseLong(a);
                end = b.isEmpty() ? length - 1 : Math.min(Long.parseLong(b), length - 1);
                if (b.isEmpty() ? false : Long.parseLong(b) < start) return null;   // invalid: ignore
            }
            if (start < 0) return null;
            if (start >= length) return UNSATISFIABLE;
            return new long[] {start, end};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean ifRangeHolds(String ifRange, String etag, long modified) {
        if (ifRange == null) return true;
        String v = ifRange.trim();
        if (v.startsWith("\"") || v.startsWith("W/")) return v.equals(etag);   // strong comparison, §13.1.5
        Long date = parseDate(v);
        return date != null && date == modified;
    }

    private static boolean etagMatches(String ifNoneMatch, String etag) {
        // SPEC: RFC 9110 §13.1.2 weak comparison; "*" matches any current representation
        String bare = etag.startsWith("W/") ? etag.substring(2) : etag;
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*")) return true;
            if (c.startsWith("W/")) c = c.substring(2);
            if (c.equals(bare)) return true;
        }
        return false;
    }

    private static boolean notModifiedSince(String ifModifiedSince, long modified) {
        if (ifModifiedSince == null || modified <= 0) return false;
        Long since = parseDate(ifModifiedSince);
        return since != null && modified <= since;
    }

    static String httpDate(long millis) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC));
    }

    private static Long parseDate(String v) {
        try {
            return ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
