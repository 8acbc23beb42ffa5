package dev.celeris.engine.internal.h1;

import dev.celeris.engine.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes HTTP/1.1 response heads (RFC 9112 §4, §5) and chunk framing. Status lines are cached
 * per status; the {@code date} line comes from {@link DateCache}. Application headers are checked
 * so that no CR, LF or other control character reaches the wire (response splitting): a bad one
 * is an {@link IllegalArgumentException}, which the caller turns into a 500.
 */
final class ResponseEncoder {

    /** How the body of a response is delimited. */
    enum BodyFraming { LENGTH, CHUNKED, CLOSE_DELIMITED, NONE }

    private static final byte[][] STATUS_LINES = new byte[600][];
    private static final byte[] CONTENT_LENGTH = bytes("content-length: ");
    private static final byte[] CHUNKED = bytes("transfer-encoding: chunked\r\n");
    private static final byte[] CLOSE = bytes("connection: close\r\n");
    private static final byte[] KEEP_ALIVE = bytes("connection: keep-alive\r\n");
    private static final byte[] CRLF = bytes("\r\n");
    private static final byte[] UPGRADE = bytes("connection: upgrade\r\n");
    private static final byte[] UPGRADE_CLOSE = bytes("connection: upgrade, close\r\n");
    private static final byte[] UPGRADE_KEEP_ALIVE = bytes("connection: upgrade, keep-alive\r\n");
    static final byte[] LAST_CHUNK = bytes("0\r\n");

    static {
        for (int status = 100; status < STATUS_LINES.length; status++) {
            STATUS_LINES[status] = bytes("HTTP/1.1 " + status + " " + reason(status) + "\r\n");
        }
    }

    private ResponseEncoder() {
    }

    /**
     * Encodes a status line and header section into a buffer with {@code extra} spare bytes at
     * the end (so a small body can follow in the same buffer); the buffer is left in write mode.
     *
     * @param contentLength written when {@code framing} is LENGTH
     * @param connection    {@code "close"}, {@code "keep-alive"} (HTTP/1.0 persistence) or null
     */
    static ByteBuffer encodeHead(int status, Headers headers, BodyFraming framing, long contentLength,
                                 String connection, int extra) {
        byte[] statusLine = statusLine(status);
        boolean userDate = false;
        int size = statusLine.length + 2;
        int n = headers.size();
        for (int i = 0; i < n; i++) {
            String name = headers.name(i);
            if (dropped(status, name)) continue;
            if (name == "date" || name.equals("date")) userDate = true;
            size += name.length() + headers.value(i).length() + 4;
        }
        byte[] date = userDate ? null : DateCache.line();
        if (date != null) size += date.length;
        if (framing == BodyFraming.LENGTH) size += CONTENT_LENGTH.length + 21;
        if (framing == BodyFraming.CHUNKED) size += CHUNKED.length;
        boolean upgradeRequired = status == 426 && headers.get("upgrade") != null;
        if (connection != null || upgradeRequired) size += UPGRADE_KEEP_ALIVE.length;
        ByteBuffer buf = ByteBuffer.allocate(size + extra);
        buf.put(statusLine);
        for (int i = 0; i < n; i++) {
            String name = headers.name(i);
            if (dropped(status, name)) continue;
            putName(buf, name);
            buf.put((byte) ':').put((byte) ' ');
            putValue(buf, name, headers.value(i));
            buf.put(CRLF);
        }
        if (date != null) buf.put(date);
        if (framing == BodyFraming.LENGTH) {
            buf.put(CONTENT_LENGTH);
            putLong(buf, contentLength);
            buf.put(CRLF);
        } else if (framing == BodyFraming.CHUNKED) {
            buf.put(CHUNKED);
        }
        if (upgradeRequired) {
            // SPEC: RFC 9110 §7.8 a sender of Upgrade also sends the "upgrade" connection option.
            buf.put(connection == null ? UPGRADE : connection.equals("close") ? UPGRADE_CLOSE : UPGRADE_KEEP_ALIVE);
        } else if (connection != null) {
            buf.put(connection.equals("close") ? CLOSE : KEEP_ALIVE);
        }
        buf.put(CRLF);
        return buf;
    }

    /**
     * Whether an application header is left out of a response with {@code status}: the managed
     * ones, except {@code upgrade} on a 426, which must name the protocol to upgrade to
     * (RFC 9110 §15.5.22).
     */
    static boolean dropped(int status, String name) {
        return isManaged(name) && !(status == 426 && name.equals("upgrade"));
    }

    /** Headers whose value the connection decides, never copied from the application. */
    static boolean isManaged(String name) {
        return switch (name) {
            case "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade" -> true;
            default -> false;
        };
    }

    /** A chunk-size line: hex size and CRLF. */
    static ByteBuffer chunkHeader(int size) {
        String hex = Integer.toHexString(size);
        ByteBuffer buf = ByteBuffer.allocate(hex.length() + 2);
        for (int i = 0; i < hex.length(); i++) buf.put((byte) hex.charAt(i));
        return buf.put(CRLF).flip();
    }

    /** CRLF after chunk data. */
    static ByteBuffer crlf() {
        return ByteBuffer.wrap(CRLF);
    }

    /** The last chunk and the trailer section (RFC 9112 §7.1.2). */
    static ByteBuffer lastChunk(Headers trailers) {
        int size = LAST_CHUNK.length + 2;
        for (int i = 0; i < trailers.size(); i++) size += trailers.name(i).length() + trailers.value(i).length() + 4;
        ByteBuffer buf = ByteBuffer.allocate(size).put(LAST_CHUNK);
        for (int i = 0; i < trailers.size(); i++) {
            putName(buf, trailers.name(i));
            buf.put((byte) ':').put((byte) ' ');
            putValue(buf, trailers.name(i), trailers.value(i));
            buf.put(CRLF);
        }
        return buf.put(CRLF).flip();
    }

    /** An interim (1xx) response head. */
    static ByteBuffer interim(int status, Headers headers) {
        ByteBuffer head = encodeHead(status, headers, BodyFraming.NONE, -1, null, 0);
        return head.flip();
    }

    static byte[] statusLine(int status) {
        return STATUS_LINES[status];
    }

    private static void putName(ByteBuffer buf, String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c > 0x7f || !HttpChars.isTchar((byte) c)) {
                throw new IllegalArgumentException("invalid response header name: " + name);
            }
            buf.put((byte) c);
        }
    }

    private static void putValue(ByteBuffer buf, String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xff) {
                c = '?';
            } else if (!HttpChars.isFieldValueByte((byte) c)) {
                // SPEC: RFC 9110 §5.5 no CR/LF/NUL in field values (prevents response splitting).
                throw new IllegalArgumentException("control character in response header " + name);
            }
            buf.put((byte) c);
        }
    }

    private static void putLong(ByteBuffer buf, long v) {
        if (v == 0) {
            buf.put((byte) '0');
            return;
        }
        int start = buf.position();
        while (v > 0) {
            buf.put((byte) ('0' + (v % 10)));
            v /= 10;
        }
        for (int i = start, j = buf.position() - 1; i < j; i++, j--) {
            byte t = buf.get(i);
            buf.put(i, buf.get(j));
            buf.put(j, t);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 101 -> "Switching Protocols";
            case 103 -> "Early Hints";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 206 -> "Partial Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 411 -> "Length Required";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 417 -> "Expectation Failed";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            default -> "";
        };
    }
}
