package dev.celeris.engine.internal.hpack;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Differential tests against Netty's HPACK: thousands of random header lists through one
 * encoder/decoder pair per direction, so both dynamic tables must stay in sync across blocks,
 * including table size changes between blocks.
 */
@Timeout(60)
class HpackNettyDifferentialTest {

    private static final int BLOCKS = 4000;
    private static final String[] NAMES = {
        ":authority", ":method", ":path", ":scheme", ":status", "accept", "accept-encoding", "accept-language",
        "authorization", "cache-control", "content-length", "content-type", "cookie", "date", "etag", "host",
        "if-none-match", "location", "server", "set-cookie", "user-agent", "vary", "x-request-id", "x-trace",
        "x-forwarded-for", "grpc-status", "te", "x-secret-token",
    };
    private static final String[] VALUES = {
        "", "GET", "POST", "/", "/index.html", "https", "http", "200", "204", "404", "500", "gzip, deflate",
        "text/html; charset=utf-8", "application/json", "no-cache", "max-age=3600", "trailers", "1234",
        "Mon, 21 Oct 2013 20:13:21 GMT", "www.example.com",
    };

    /** Ours encodes, Netty decodes. */
    @Test
    void nettyDecodesWhatWeEncode() throws Http2Exception {
        Random random = new Random(0xC0FFEE);
        HpackEncoder ours = new HpackEncoder(4096);
        DefaultHttp2HeadersDecoder netty = new DefaultHttp2HeadersDecoder(false, 1 << 20);
        HpackOutput out = new HpackOutput();
        long ourBytes = 0;
        for (int block = 0; block < BLOCKS; block++) {
            // One or two SETTINGS changes between blocks (two: the smallest is announced first, §4.2).
            for (int changes = random.nextInt(50) == 0 ? 1 + random.nextInt(2) : 0; changes > 0; changes--) {
                long size = tableSize(random);
                ours.setPeerMaxTableSize(size);
                netty.configuration().maxHeaderTableSize(size);
            }
            List<String[]> fields = randomFields(random);
            out.reset();
            ours.beginBlock(out);
            for (String[] f : fields) ours.encode(f[0], f[1], isSecret(f[0]), out);
            ourBytes += out.size();
            Http2Headers decoded = netty.decodeHeaders(1, Unpooled.wrappedBuffer(out.array(), 0, out.size()));
            List<String> got = new ArrayList<>();
            for (Map.Entry<CharSequence, CharSequence> e : decoded) got.add(e.getKey() + ": " + e.getValue());
            assertThat(got).as("block %d", block).isEqualTo(HpackTestSupport.lines(fields));
        }
        System.out.println("ours→netty: " + BLOCKS + " blocks, " + ourBytes + " bytes");
    }

    /** Netty encodes, ours decodes. */
    @Test
    void weDecodeWhatNettyEncodes() throws Http2Exception, HpackException {
        Random random = new Random(0xBEEF);
        DefaultHttp2HeadersEncoder netty = new DefaultHttp2HeadersEncoder(
                (name, value) -> isSecret(name.toString()), true);
        HpackDecoder ours = new HpackDecoder(4096, 1 << 20);
        long nettyBytes = 0;
        for (int block = 0; block < BLOCKS; block++) {
            if (random.nextInt(50) == 0) {
                long size = tableSize(random);
                netty.configuration().maxHeaderTableSize(size);
                ours.setMaxTableSize(size);
            }
            List<String[]> fields = randomFields(random);
            Http2Headers headers = new DefaultHttp2Headers(false);
            for (String[] f : fields) headers.add(f[0], f[1]);
            ByteBuf buf = Unpooled.buffer();
            netty.encodeHeaders(1, headers, buf);
            nettyBytes += buf.readableBytes();
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            List<String> got = new ArrayList<>();
            assertThat(ours.decode(ByteBuffer.wrap(bytes), (n, v) -> got.add(n + ": " + v))).isTrue();
            assertThat(got).as("block %d", block).isEqualTo(HpackTestSupport.lines(fields));
        }
        System.out.println("netty→ours: " + BLOCKS + " blocks, " + nettyBytes + " bytes");
    }

    /** Both directions agree with each other when our encoder feeds our decoder too. */
    @Test
    void oursToOurs() throws HpackException {
        Random random = new Random(42);
        HpackEncoder encoder = new HpackEncoder(4096);
        HpackDecoder decoder = new HpackDecoder(4096, 1 << 20);
        HpackOutput out = new HpackOutput();
        for (int block = 0; block < BLOCKS; block++) {
            for (int changes = random.nextInt(50) == 0 ? 1 + random.nextInt(2) : 0; changes > 0; changes--) {
                long size = tableSize(random);
                encoder.setPeerMaxTableSize(size);
                decoder.setMaxTableSize(size);
            }
            List<String[]> fields = randomFields(random);
            out.reset();
            encoder.beginBlock(out);
            for (String[] f : fields) encoder.encode(f[0], f[1], isSecret(f[0]), out);
            List<String> got = new ArrayList<>();
            decoder.decode(ByteBuffer.wrap(out.toByteArray()), (n, v) -> got.add(n + ": " + v));
            assertThat(got).as("block %d", block).isEqualTo(HpackTestSupport.lines(fields));
            assertThat(decoder.tableSize()).isEqualTo(encoder.tableSize());
            assertThat(decoder.tableLength()).isEqualTo(encoder.tableLength());
        }
    }

    /** A 64 KiB table holds thousands of entries: both sides stay in sync, lookups stay exact. */
    @Test
    void largeTablesBothWays() throws Http2Exception, HpackException {
        Random random = new Random(99);
        HpackEncoder ours = new HpackEncoder(65536);
        ours.setPeerMaxTableSize(65536);
        DefaultHttp2HeadersDecoder nettyDecoder = new DefaultHttp2HeadersDecoder(false, 1 << 20);
        nettyDecoder.configuration().maxHeaderTableSize(65536);
        HpackDecoder oursDecoder = new HpackDecoder(4096, 1 << 20);
        oursDecoder.setMaxTableSize(65536);
        HpackOutput out = new HpackOutput();
        int mostEntries = 0;
        for (int block = 0; block < 1500; block++) {
            List<String[]> fields = new ArrayList<>();
            for (int i = random.nextInt(10); i >= 0; i--) {
                fields.add(new String[] {"x-" + random.nextInt(3000), Integer.toString(random.nextInt(4))});
            }
            out.reset();
            ours.beginBlock(out);
            for (String[] f : fields) ours.encode(f[0], f[1], out);
            byte[] bytes = out.toByteArray();
            Http2Headers decoded = nettyDecoder.decodeHeaders(1, Unpooled.wrappedBuffer(bytes));
            List<String> got = new ArrayList<>();
            for (Map.Entry<CharSequence, CharSequence> e : decoded) got.add(e.getKey() + ": " + e.getValue());
            assertThat(got).as("netty, block %d", block).isEqualTo(HpackTestSupport.lines(fields));
            got.clear();
            oursDecoder.decode(ByteBuffer.wrap(bytes), (n, v) -> got.add(n + ": " + v));
            assertThat(got).as("ours, block %d", block).isEqualTo(HpackTestSupport.lines(fields));
            assertThat(oursDecoder.tableLength()).isEqualTo(ours.tableLength());
            mostEntries = Math.max(mostEntries, ours.tableLength());
        }
        assertThat(mostEntries).isGreaterThan(1000);
        assertThat(ours.tableCapacity()).isEqualTo(65536);
    }

    private static boolean isSecret(String name) {
        return name.startsWith("x-secret");
    }

    private static long tableSize(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> 64;
            case 2 -> 256;
            case 3 -> 8192;
            default -> 4096;
        };
    }

    /** Pseudo-headers first (Netty's header map keeps them first), then regular fields. */
    static List<String[]> randomFields(Random random) {
        List<String[]> fields = new ArrayList<>();
        int pseudo = random.nextInt(4);
        for (int i = 0; i < pseudo; i++) fields.add(new String[] {NAMES[random.nextInt(5)], value(random)});
        int regular = random.nextInt(12);
        for (int i = 0; i < regular; i++) {
            String name = random.nextInt(6) == 0 ? customName(random) : NAMES[5 + random.nextInt(NAMES.length - 5)];
            fields.add(new String[] {name, value(random)});
        }
        return fields;
    }

    private static String customName(Random random) {
        StringBuilder sb = new StringBuilder("x-");
        int len = 1 + random.nextInt(random.nextInt(8) == 0 ? 200 : 12);
        for (int i = 0; i < len; i++) sb.append((char) ('a' + random.nextInt(26)));
        return sb.toString();
    }

    private static String value(Random random) {
        switch (random.nextInt(8)) {
            case 0, 1, 2, 3:
                return VALUES[random.nextInt(VALUES.length)];
            case 4: {
                int len = random.nextInt(random.nextInt(10) == 0 ? 5000 : 40);
                StringBuilder sb = new StringBuilder(len);
                for (int i = 0; i < len; i++) sb.append((char) (0x20 + random.nextInt(0x5F)));
                return sb.toString();
            }
            case 5: {
                // Any octet, including control and high (ISO-8859-1) bytes: HPACK does not care.
                int len = random.nextInt(30);
                StringBuilder sb = new StringBuilder(len);
                for (int i = 0; i < len; i++) sb.append((char) random.nextInt(256));
                return sb.toString();
            }
            default:
                return Integer.toString(random.nextInt(100_000));
        }
    }
}
