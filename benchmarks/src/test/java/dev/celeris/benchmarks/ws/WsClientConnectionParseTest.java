package dev.celeris.benchmarks.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The load client's parser of server frames, fed whole, byte by byte and at random splits, twice
 * in a row on one connection (proves its state resets between messages): whole and fragmented
 * messages counted once, a ping between fragments answered, wrong bytes or lengths counted as
 * bad, masked server frames and close frames end the connection.
 */
class WsClientConnectionParseTest {

    private static final byte[] PAYLOAD = WsLoad.payload(300); // 16-bit extended length

    @Test
    void wholeFragmentedAndInterleavedPingAtEverySplit() {
        byte[] stream = concat(
                frame(0x81, PAYLOAD, 0, 300),
                frame(0x01, PAYLOAD, 0, 100), frame(0x89, new byte[] {1, 2}, 0, 2),
                frame(0x00, PAYLOAD, 100, 150), frame(0x80, PAYLOAD, 250, 50),
                frame(0x81, PAYLOAD, 0, 300));
        Random random = new Random(7);
        for (int split = 0; split < 32; split++) {
            WsClientConnection c = new WsClientConnection(null, PAYLOAD, true, 4);
            for (int pass = 0; pass < 2; pass++) {
                int done = 0;
                if (split == 0) {
                    done = c.parse(ByteBuffer.wrap(stream));
                } else if (split == 1) {
                    for (byte b : stream) done += c.parse(ByteBuffer.wrap(new byte[] {b}));
                } else {
                    int at = 0;
                    while (at < stream.length) {
                        int n = Math.min(stream.length - at, 1 + random.nextInt(40));
                        done += c.parse(ByteBuffer.wrap(stream, at, n));
                        at += n;
                    }
                }
                assertThat(done).as("split %d pass %d", split, pass).isEqualTo(3);
                assertThat(c.closedBy).isNull();
            }
            assertThat(c.messages).isEqualTo(6);
            assertThat(c.bad).isZero();
            assertThat(c.hasQueued()).as("the pongs").isTrue();
        }
    }

    @Test
    void wrongBytesOrLengthAreBad() {
        byte[] wrong = PAYLOAD.clone();
        wrong[299] ^= 1;
        WsClientConnection c = new WsClientConnection(null, PAYLOAD, true, 1);
        assertThat(c.parse(ByteBuffer.wrap(concat(frame(0x81, wrong, 0, 300), frame(0x81, PAYLOAD, 0, 299),
                frame(0x81, PAYLOAD, 0, 300))))).isEqualTo(3);
        assertThat(c.bad).isEqualTo(2);
    }

    @Test
    void maskedServerFramesAndCloseFramesEndTheConnection() {
        WsClientConnection masked = new WsClientConnection(null, PAYLOAD, false, 1);
        masked.parse(ByteBuffer.wrap(new byte[] {(byte) 0x81, (byte) 0x82, 0, 0, 0, 0, 'h', 'i'}));
        assertThat(masked.closedBy).contains("masked");
        WsClientConnection closed = new WsClientConnection(null, PAYLOAD, false, 1);
        closed.parse(ByteBuffer.wrap(frame(0x88, new byte[] {0x03, (byte) 0xF0}, 0, 2)));
        assertThat(closed.closedBy).contains("1008");
    }

    /** An unmasked server frame: first byte as given, payload[from, from + len). */
    private static byte[] frame(int first, byte[] payload, int from, int len) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(first);
        if (len < 126) {
            out.write(len);
        } else {
            out.write(126);
            out.write(len >>> 8);
            out.write(len & 0xFF);
        }
        out.write(payload, from, len);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
