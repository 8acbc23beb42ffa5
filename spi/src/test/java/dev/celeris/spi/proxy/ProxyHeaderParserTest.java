package dev.celeris.spi.proxy;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The PROXY header parser fed whole, byte by byte, at random splits and twice in a row. */
class ProxyHeaderParserTest {

    private static final byte[] PAYLOAD = "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);

    static byte[] v1(String line) {
        return (line + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A v2 header built by hand: signature, ver/cmd, fam/proto, length, address block, TLVs. */
    static byte[] v2(int versionCommand, int familyProtocol, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ProxyHeaderParser.V2_SIGNATURE);
        out.write(versionCommand);
        out.write(familyProtocol);
        out.write(body.length >> 8);
        out.write(body.length & 0xFF);
        out.writeBytes(body);
        return out.toByteArray();
    }

    static byte[] inet(int a, int b, int c, int d, int e, int f, int g, int h, int srcPort, int dstPort, byte[] tlvs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int x : new int[] {a, b, c, d, e, f, g, h}) out.write(x);
        out.write(srcPort >> 8); out.write(srcPort & 0xFF);
        out.write(dstPort >> 8); out.write(dstPort & 0xFF);
        out.writeBytes(tlvs);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    /** Feeds {@code wire} in chunks of the given sizes; returns the header and the bytes left after it. */
    private static Result feed(ProxyHeaderParser parser, byte[] wire, List<Integer> splits) throws Exception {
        int at = 0;
        for (int i = 0; at < wire.length; i++) {
            int n = i < splits.size() ? Math.min(splits.get(i), wire.length - at) : wire.length - at;
            ByteBuffer chunk = ByteBuffer.wrap(wire, at, n);
            ProxyHeader h = parser.parse(chunk);
            at += n;
            if (h != null) {
                byte[] rest = new byte[chunk.remaining() + wire.length - at];
                int r = chunk.remaining();
                chunk.get(rest, 0, r);
                System.arraycopy(wire, at, rest, r, wire.length - at);
                return new Result(h, rest);
            }
            assertThat(chunk.hasRemaining()).as("an incomplete header consumes its chunk").isFalse();
        }
        return new Result(null, new byte[0]);
    }

    record Result(ProxyHeader header, byte[] rest) {
    }

    /** Whole, byte by byte, 20 random splittings, each twice on the same parser (proves reset). */
    private static List<List<Integer>> splittings(int length) {
        List<List<Integer>> all = new ArrayList<>();
        all.add(List.of(length));
        List<Integer> ones = new ArrayList<>();
        for (int i = 0; i < length; i++) ones.add(1);
        all.add(ones);
        Random random = new Random(length);
        for (int k = 0; k < 20; k++) {
            List<Integer> s = new ArrayList<>();
            for (int left = length; left > 0; ) {
                int n = 1 + random.nextInt(Math.min(left, 40));
                s.add(n);
                left -= n;
            }
            all.add(s);
        }
        return all;
    }

    private static ProxyHeader parseEveryWay(byte[] header) throws Exception {
        byte[] wire = concat(header, PAYLOAD);
        ProxyHeader first = null;
        ProxyHeaderParser parser = new ProxyHeaderParser(true, true, 1024);
        for (List<Integer> split : splittings(wire.length)) {
            for (int twice = 0; twice < 2; twice++) {
                Result r = feed(parser, wire, split);
                assertThat(r.header()).as("split " + split).isNotNull();
                assertThat(r.rest()).as("payload after the header is untouched").isEqualTo(PAYLOAD);
                assertThat(r.header().length()).isEqualTo(header.length);
                if (first == null) first = r.header();
                assertThat(r.header()).isEqualTo(first);
            }
        }
        return first;
    }

    @Test
    void v1Tcp4() throws Exception {
        ProxyHeader h = parseEveryWay(v1("PROXY TCP4 192.0.2.7 198.51.100.1 56324 443"));
        assertThat(h.version()).isEqualTo(1);
        assertThat(h.hasAddresses()).isTrue();
        assertThat(h.source()).isEqualTo(new InetSocketAddress("192.0.2.7", 56324));
        assertThat(h.destination()).isEqualTo(new InetSocketAddress("198.51.100.1", 443));
    }

    @Test
    void v1Tcp6() throws Exception {
        ProxyHeader h = parseEveryWay(v1("PROXY TCP6 2001:db8::1 ::1 65535 0"));
        assertThat(h.source()).isEqualTo(new InetSocketAddress("2001:db8::1", 65535));
        assertThat(h.destination()).isEqualTo(new InetSocketAddress("::1", 0));
    }

    @Test
    void v1UnknownKeepsTheConnectionsAddresses() throws Exception {
        ProxyHeader h = parseEveryWay(v1("PROXY UNKNOWN ffff:f...f:ffff ffff:f...f:ffff 65535 65535"));
        assertThat(h.local()).isTrue();
        assertThat(h.hasAddresses()).isFalse();
    }

    @Test
    void v2Inet4WithTlvsSkipped() throws Exception {
        byte[] tlvs = {0x01, 0x00, 0x02, 'h', '2', 0x04, 0x00, 0x00}; // ALPN "h2", empty NOOP
        ProxyHeader h = parseEveryWay(v2(0x21, 0x11, inet(203, 0, 113, 9, 127, 0, 0, 1, 40000, 8080, tlvs)));
        assertThat(h.version()).isEqualTo(2);
        assertThat(h.source()).isEqualTo(new InetSocketAddress("203.0.113.9", 40000));
        assertThat(h.destination()).isEqualTo(new InetSocketAddress("127.0.0.1", 8080));
    }

    @Test
    void v2Inet6() throws Exception {
        byte[] body = new byte[36];
        body[0] = 0x20; body[1] = 0x01; body[2] = 0x0d; body[3] = (byte) 0xb8; body[15] = 5; // 2001:db8::5
        body[31] = 1;                                                                    // ::1
        body[32] = (byte) 0xC3; body[33] = 0x50; body[34] = 0x01; body[35] = (byte) 0xBB; // 50000, 443
        ProxyHeader h = parseEveryWay(v2(0x21, 0x21, body));
        assertThat(h.source()).isEqualTo(new InetSocketAddress("2001:db8::5", 50000));
        assertThat(h.destination()).isEqualTo(new InetSocketAddress("::1", 443));
    }

    @Test
    void v2LocalAndUnspecKeepTheConnectionsAddresses() throws Exception {
        assertThat(parseEveryWay(v2(0x20, 0x00, new byte[0])).local()).isTrue();
        assertThat(parseEveryWay(v2(0x20, 0x11, inet(1, 2, 3, 4, 5, 6, 7, 8, 1, 2, new byte[0]))).hasAddresses()).isFalse();
        assertThat(parseEveryWay(v2(0x21, 0x00, new byte[0])).hasAddresses()).isFalse();
        assertThat(parseEveryWay(v2(0x21, 0x31, new byte[216])).hasAddresses()).isFalse(); // AF_UNIX
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "GET / HTTP/1.1",                                    // no header at all
            "PROXI TCP4 1.2.3.4 5.6.7.8 1 2",                    // wrong prefix
            "PROXY TCP5 1.2.3.4 5.6.7.8 1 2",                    // unknown protocol
            "PROXY TCP4 1.2.3.4 5.6.7.8 1",                      // missing field
            "PROXY TCP4 1.2.3.4  5.6.7.8 1 2",                   // double space
            "PROXY TCP4 1.2.3.256 5.6.7.8 1 2",                  // octet > 255
            "PROXY TCP4 1.2.3 5.6.7.8 1 2",                      // three octets
            "PROXY TCP4 ::1 5.6.7.8 1 2",                        // family mismatch
            "PROXY TCP6 abc ::1 1 2",                            // a host name, never resolved
            "PROXY TCP6 example.com ::1 1 2",
            "PROXY TCP6 1:2:3:4:5:6:7:8:9 ::1 1 2",              // not an IPv6 literal
            "PROXY TCP4 1.2.3.4 5.6.7.8 65536 2",                // port out of range
            "PROXY TCP4 1.2.3.4 5.6.7.8 080 2",                  // leading zero
            "PROXY TCP4 1.2.3.4 5.6.7.8 -1 2",
    })
    void malformedV1IsRejected(String line) {
        assertRejected(v1(line));
    }

    @Test
    void v1WithoutCrOrTooLongIsRejected() {
        assertRejected("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n".getBytes(StandardCharsets.US_ASCII));
        assertRejected(v1("PROXY UNKNOWN " + "x".repeat(100)));
    }

    @Test
    void malformedV2IsRejected() {
        byte[] ok = v2(0x21, 0x11, inet(1, 2, 3, 4, 5, 6, 7, 8, 1, 2, new byte[0]));
        byte[] badSignature = ok.clone();
        badSignature[7] = 'X';
        assertRejected(badSignature);
        assertRejected(v2(0x11, 0x11, inet(1, 2, 3, 4, 5, 6, 7, 8, 1, 2, new byte[0])));  // version 1 nibble
        assertRejected(v2(0x22, 0x11, inet(1, 2, 3, 4, 5, 6, 7, 8, 1, 2, new byte[0])));  // command 2
        assertRejected(v2(0x21, 0x41, inet(1, 2, 3, 4, 5, 6, 7, 8, 1, 2, new byte[0])));  // family 4
        assertRejected(v2(0x21, 0x11, new byte[11]));                                      // AF_INET block short
        assertRejected(v2(0x21, 0x21, new byte[35]));                                      // AF_INET6 block short
        assertRejected(v2(0x21, 0x11, new byte[1024]));                                    // over the 1 KiB limit
    }

    @Test
    void onlyTheConfiguredVersionsAreAccepted() {
        byte[] v2 = v2(0x21, 0x11, inet(1, 2, 3, 4, 5, 6, 7, 8, 1, 2, new byte[0]));
        assertThatThrownBy(() -> new ProxyHeaderParser(true, false, 1024).parse(ByteBuffer.wrap(v2)))
                .isInstanceOf(ProxyProtocolException.class).hasMessageContaining("v1");
        assertThatThrownBy(() -> new ProxyHeaderParser(false, true, 1024).parse(ByteBuffer.wrap(v1("PROXY UNKNOWN"))))
                .isInstanceOf(ProxyProtocolException.class).hasMessageContaining("v2");
    }

    @Test
    void oversizedHeaderIsRejectedBeforeItsBytesArrive() throws Exception {
        ProxyHeaderParser parser = new ProxyHeaderParser(true, true, 64);
        byte[] prefix = java.util.Arrays.copyOf(v2(0x21, 0x11, new byte[100]), 16); // announces 116 bytes
        assertThatThrownBy(() -> parser.parse(ByteBuffer.wrap(prefix))).hasMessageContaining("exceeds the limit of 64");
    }

    /** Rejected whole and byte by byte, with a fresh parser each time. */
    private static void assertRejected(byte[] wire) {
        assertThatThrownBy(() -> new ProxyHeaderParser(true, true, 1024).parse(ByteBuffer.wrap(concat(wire, PAYLOAD))))
                .isInstanceOf(ProxyProtocolException.class);
        assertThatThrownBy(() -> feed(new ProxyHeaderParser(true, true, 1024), concat(wire, PAYLOAD), splittings(wire.length + PAYLOAD.length).get(1)))
                .isInstanceOf(ProxyProtocolException.class);
    }
}
