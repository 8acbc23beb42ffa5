package dev.celeris.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.celeris.engine.internal.hpack.HpackDecoder;
import dev.celeris.engine.internal.hpack.HpackException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks that what the engine wrote is well formed, as a strict client would read it: HTTP/1.1
 * responses (status line, fields, a body framed by Content-Length or chunked), and after a
 * {@code 101} or for a connection that sent the preface, HTTP/2 frames (SETTINGS first, whole
 * frames, no PUSH_PROMISE, HEADERS blocks that decode with one HPACK decoder per connection,
 * a {@code :status} first, DATA only on a stream that had its HEADERS).
 */
public final class EngineOutput {

    private final byte[] out;
    private int pos;

    private EngineOutput(byte[] out) {
        this.out = out;
    }

    /** Returns the number of responses (HTTP/1.1) plus HEADERS blocks (HTTP/2) read. */
    public static int check(byte[] output, boolean h2) {
        EngineOutput o = new EngineOutput(output);
        return h2 ? o.frames() : o.responses();
    }

    private int responses() {
        int count = 0;
        while (pos < out.length) {
            int status = statusLine();
            Fields f = fields();
            count++;
            if (status == 101) return count + frames();
            if (status < 200 || status == 204 || status == 304) continue;
            if (f.chunked) {
                chunkedBody();
            } else if (f.contentLength >= 0) {
                // A HEAD response declares a length and sends no body: accept either.
                boolean bodyFits = pos + f.contentLength <= out.length
                        && (pos + f.contentLength == out.length || startsWith((int) (pos + f.contentLength), "HTTP/1.1 "));
                if (bodyFits) {
                    pos += (int) f.contentLength;
                } else if (!(pos == out.length || startsWith(pos, "HTTP/1.1 "))) {
                    fail("body does not match content-length " + f.contentLength + " at " + pos);
                }
            } else {
                assertThat(f.close).as("a response without framing closes the connection").isTrue();
                return count;
            }
        }
        return count;
    }

    private int statusLine() {
        String line = line();
        assertThat(line).as("status line").matches("HTTP/1\\.1 [1-5][0-9][0-9] [ -~]*");
        return Integer.parseInt(line.substring(9, 12));
    }

    private record Fields(long contentLength, boolean chunked, boolean close) {
    }

    private Fields fields() {
        long cl = -1;
        boolean chunked = false;
        boolean close = false;
        for (String line; !(line = line()).isEmpty(); ) {
            int colon = line.indexOf(':');
            assertThat(colon).as("field line %s", line).isPositive();
            String name = line.substring(0, colon);
            assertThat(name).as("field name").matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
            String value = line.substring(colon + 1).trim();
            assertThat(value).as("field value of %s", name).doesNotContain("\r", "\n", "\0");
            switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "content-length" -> {
                    assertThat(cl).as("one content-length").isEqualTo(-1);
                    cl = Long.parseLong(value);
                }
                case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
                case "connection" -> close = value.toLowerCase(java.util.Locale.ROOT).contains("close");
                default -> { }
            }
        }
        assertThat(chunked && cl >= 0).as("content-length with chunked").isFalse();
        return new Fields(cl, chunked, close);
    }

    private void chunkedBody() {
        while (true) {
            String size = line();
            assertThat(size).as("chunk size").matches("[0-9a-fA-F]{1,8}");
            int n = Integer.parseInt(size, 16);
            if (n == 0) {
                while (!line().isEmpty()) { }   // trailers
                return;
            }
            assertThat(pos + n + 2).as("chunk within output").isLessThanOrEqualTo(out.length);
            pos += n;
            assertThat(line()).as("CRLF after chunk data").isEmpty();
        }
    }

    private String line() {
        for (int i = pos; i + 1 < out.length; i++) {
            if (out[i] == '\r' && out[i + 1] == '\n') {
                String s = new String(out, pos, i - pos, StandardCharsets.ISO_8859_1);
                pos = i + 2;
                return s;
            }
        }
        return fail("unterminated line at %d: %s", pos, new String(out, pos, out.length - pos, StandardCharsets.ISO_8859_1));
    }

    private boolean startsWith(int at, String s) {
        if (at + s.length() > out.length) return false;
        for (int i = 0; i < s.length(); i++) if (out[at + i] != s.charAt(i)) return false;
        return true;
    }

    private int frames() {
        HpackDecoder hpack = new HpackDecoder(4096, Integer.MAX_VALUE);
        Set<Integer> streamsWithHeaders = new HashSet<>();
        ByteArrayOutputStream block = null;
        int blockStream = 0;
        int count = 0;
        boolean first = true;
        while (pos < out.length) {
            assertThat(out.length - pos).as("whole frame header at %d", pos).isGreaterThanOrEqualTo(9);
            int len = ((out[pos] & 0xFF) << 16) | ((out[pos + 1] & 0xFF) << 8) | (out[pos + 2] & 0xFF);
            int type = out[pos + 3] & 0xFF;
            int flags = out[pos + 4] & 0xFF;
            int stream = (((out[pos + 5] & 0x7F) << 24) | ((out[pos + 6] & 0xFF) << 16) | ((out[pos + 7] & 0xFF) << 8) | (out[pos + 8] & 0xFF));
            pos += 9;
            assertThat(out.length - pos).as("whole frame payload").isGreaterThanOrEqualTo(len);
            if (first) assertThat(type).as("first frame is SETTINGS").isEqualTo(4);
            first = false;
            if (block != null) assertThat(type).as("CONTINUATION expected").isEqualTo(9);
            switch (type) {
                case 0 -> {
                    assertThat(streamsWithHeaders).as("DATA after HEADERS on stream %d", stream).contains(stream);
                }
                case 1, 9 -> {
                    assertThat(stream % 2).as("response on a client stream").isEqualTo(1);
                    if (type == 1) {
                        assertThat(block).isNull();
                        block = new ByteArrayOutputStream();
                        blockStream = stream;
                    } else {
                        assertThat(block).as("CONTINUATION without HEADERS").isNotNull();
                        assertThat(stream).isEqualTo(blockStream);
                    }
                    int off = pos;
                    int n = len;
                    if (type == 1 && (flags & 0x8) != 0) { int pad = out[off] & 0xFF; off++; n -= 1 + pad; }
                    if (type == 1 && (flags & 0x20) != 0) { off += 5; n -= 5; }
                    assertThat(n).isNotNegative();
                    block.write(out, off, n);
                    if ((flags & 0x4) != 0) {
                        decodeBlock(hpack, block.toByteArray(), streamsWithHeaders.contains(blockStream));
                        streamsWithHeaders.add(blockStream);
                        block = null;
                        count++;
                    }
                }
                case 3 -> assertThat(len).isEqualTo(4);
                case 4 -> assertThat(len % 6).isZero();
                case 6 -> assertThat(len).isEqualTo(8);
                case 7 -> assertThat(len).isGreaterThanOrEqualTo(8);
                case 8 -> assertThat(len).isEqualTo(4);
                default -> fail("server sent frame type " + type);
            }
            pos += len;
        }
        assertThat(block).as("unfinished header block").isNull();
        return count;
    }

    private static void decodeBlock(HpackDecoder hpack, byte[] block, boolean trailers) {
        List<String> names = new ArrayList<>();
        try {
            hpack.decode(block, 0, block.length, (name, value) -> {
                names.add(name);
                if (name.equals(":status")) assertThat(value).matches("[1-5][0-9][0-9]");
                assertThat(name).as("lowercase field name").isEqualTo(name.toLowerCase(java.util.Locale.ROOT));
            });
        } catch (HpackException e) {
            fail("server's header block does not decode: " + e.getMessage());
        }
        if (!trailers) assertThat(names).as("response headers").first().isEqualTo(":status");
    }
}
