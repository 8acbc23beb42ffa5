package dev.celeris.engine.internal.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * permessage-deflate (RFC 7692), the receiving side fed arbitrary compressed payloads and both
 * sides in round trips, with and without context takeover.
 *
 * <p>{@link #inflateArbitrary} invariants: the messages (or the error) are the same whether a
 * message's payload arrives whole, in fuzzed chunks or byte by byte; an inflated message never
 * exceeds the max message size (1009 instead, so a bomb costs at most the limit); the only
 * error is a {@link WsException} with 1007 (bad data) or 1009 (too big; a message both too big
 * and bad may get either, depending on the cuts); the first message (and
 * every message without context takeover) agrees with an independent raw inflate of
 * payload + {@code 00 00 FF FF}.
 *
 * <p>{@link #roundTrip} invariants: every message a sender compresses — the engine's own
 * deflate, or a client's {@code Deflater} with SYNC_FLUSH, FULL_FLUSH or a final block (RFC 7692
 * §7.2.3.4) — inflates back to the same bytes, message after message, in fuzzed chunks; the
 * engine's output stays within zlib's worst-case bound; without context takeover a message
 * compresses to the same bytes as on a fresh session and inflates alone on a fresh receiver.
 */
class PerMessageDeflateFuzzTest {

    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

    @FuzzTest(maxDuration = "")
    void inflateArbitrary(FuzzedDataProvider data) {
        boolean noTakeover = data.consumeBoolean();
        int limit = 1 + data.consumeInt(0, 255) * 64;
        int messages = data.consumeInt(1, 4);
        int[] lengths = new int[messages - 1];
        for (int i = 0; i < lengths.length; i++) lengths[i] = data.consumeInt(0, 4095);
        int[] cuts = new int[data.consumeInt(0, 8)];
        for (int i = 0; i < cuts.length; i++) cuts[i] = data.consumeInt(1, 64);
        byte[] input = data.consumeRemainingAsBytes();
        List<byte[]> payloads = new ArrayList<>();
        int pos = 0;
        for (int len : lengths) {
            int n = Math.min(len, input.length - pos);
            payloads.add(Arrays.copyOfRange(input, pos, pos + n));
            pos += n;
        }
        payloads.add(Arrays.copyOfRange(input, pos, input.length));

        List<String> whole = inflateAll(payloads, noTakeover, limit, new int[] {Integer.MAX_VALUE});
        assertThat(codeless(inflateAll(payloads, noTakeover, limit, cuts))).as("fuzzed chunks").isEqualTo(codeless(whole));
        if (input.length <= 512) {
            assertThat(codeless(inflateAll(payloads, noTakeover, limit, new int[] {1}))).as("byte by byte").isEqualTo(codeless(whole));
        }
        for (int i = 0; i < whole.size(); i++) {
            if (i == 0 || noTakeover) assertLikeReference(whole.get(i), payloads.get(i), limit, i);
        }
    }

    /**
     * A message both too big and bad may end in 1009 or 1007 depending on where the input was
     * cut (which the inflater meets first); every other event must match exactly.
     */
    private static List<String> codeless(List<String> events) {
        return events.stream().map(e -> e.startsWith("error ") ? "error" : e).toList();
    }

    /** One event per message: its bytes in hex, or the close code that ended the session. */
    private static List<String> inflateAll(List<byte[]> payloads, boolean noTakeover, int limit, int[] cuts) {
        PerMessageDeflate deflate = new PerMessageDeflate(new DeflateParams(false, noTakeover, 15, false), 6);
        List<String> events = new ArrayList<>();
        try {
            for (byte[] payload : payloads) {
                MessageBuffer out = new MessageBuffer(limit);
                try {
                    for (ByteBuffer chunk : chunks(payload, cuts)) {
                        deflate.inflate(chunk, out);
                        assertThat(chunk.hasRemaining()).as("a chunk is consumed whole").isFalse();
                        assertThat(out.size()).as("within the message limit").isLessThanOrEqualTo(limit);
                    }
                    deflate.finishMessage(out);
                    assertThat(out.size()).isLessThanOrEqualTo(limit);
                } catch (WsException e) {
                    assertThat(e.closeCode()).as("close code").isIn(WsFrames.CLOSE_INVALID_PAYLOAD, WsFrames.CLOSE_TOO_BIG);
                    events.add("error " + e.closeCode());
                    return events;
                }
                events.add(HexFormat.of().formatHex(out.take()));
            }
            return events;
        } finally {
            deflate.closeInflater();
            deflate.close();
        }
    }

    /**
     * What a message must give: RFC 7692 §7.2.2 on a fresh raw inflater, payload + tail, one
     * DEFLATE stream after another (a final block ends one; whatever follows starts the next).
     * Within the limit the bytes must match exactly; bad data or past the limit must be an error,
     * 1007 or 1009 (the reference stops at the limit, so it cannot tell whether bad data follows).
     */
    private static void assertLikeReference(String actual, byte[] payload, int limit, int index) {
        byte[] in = Arrays.copyOf(payload, payload.length + 4);
        System.arraycopy(TAIL, 0, in, payload.length, 4);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean bad = rawInflate(in, limit, out);
        if (bad || out.size() > limit) {
            // Which of the two a message both bad and too big gets depends on how much zlib writes
            // before it reports the bad data, which depends on how the input and output were cut
            // (a failing call discards its output): either code, but an error.
            assertThat(actual).as("message %d is bad or over the limit", index).isIn("error 1009", "error 1007");
        } else {
            assertThat(actual).as("message %d vs a plain raw inflate", index).isEqualTo(HexFormat.of().formatHex(out.toByteArray()));
        }
    }

    /** Inflates {@code in} into {@code out} until the end or past {@code limit}; true on bad data. */
    private static boolean rawInflate(byte[] in, int limit, ByteArrayOutputStream out) {
        Inflater inflater = new Inflater(true);
        byte[] buf = new byte[4096];
        try {
            inflater.setInput(in);
            while (out.size() <= limit) {
                int n = inflater.inflate(buf);
                out.write(buf, 0, n);
                if (n > 0) continue;
                if (!inflater.finished()) return false;
                int off = in.length - inflater.getRemaining();
                inflater.reset();
                if (off == in.length) return false;
                inflater.setInput(in, off, in.length - off);
            }
            return false;
        } catch (DataFormatException e) {
            return true;
        } finally {
            inflater.end();
        }
    }

    private static List<ByteBuffer> chunks(byte[] b, int[] cuts) {
        List<ByteBuffer> out = new ArrayList<>();
        int pos = 0;
        int i = 0;
        while (pos < b.length) {
            int len = cuts.length == 0 ? b.length : Math.min(cuts[i++ % cuts.length], b.length - pos);
            ByteBuffer chunk = ByteBuffer.allocate(len + 2); // an offset and a limit short of the array
            chunk.put(1, b, pos, len).position(1).limit(1 + len);
            out.add(chunk);
            pos += len;
        }
        return out;
    }

    /** How a message was compressed: by the engine, or by a client's plain {@code Deflater}. */
    private enum Sender { ENGINE, SYNC_FLUSH, FULL_FLUSH, FINAL_BLOCK }

    @FuzzTest(maxDuration = "")
    void roundTrip(FuzzedDataProvider data) throws WsException {
        boolean noTakeover = data.consumeBoolean();
        int level = data.consumeInt(0, 9);
        boolean engineSender = data.consumeBoolean();
        int[] cuts = new int[data.consumeInt(0, 8)];
        for (int i = 0; i < cuts.length; i++) cuts[i] = data.consumeInt(1, 64);
        int messages = data.consumeInt(1, 6);
        PerMessageDeflate engine = new PerMessageDeflate(new DeflateParams(noTakeover, false, 15, false), level);
        Deflater client = new Deflater(level, true);
        PerMessageDeflate receiver = new PerMessageDeflate(new DeflateParams(false, noTakeover, 15, false), 6);
        try {
            for (int m = 0; m < messages && data.remainingBytes() > 0; m++) {
                Sender how = engineSender ? Sender.ENGINE
                        : data.pickValue(new Sender[] {Sender.SYNC_FLUSH, Sender.FULL_FLUSH, Sender.FINAL_BLOCK});
                int repeat = data.consumeInt(1, 8);
                byte[] piece = data.consumeBytes(data.consumeInt(0, 4095));
                byte[] message = new byte[piece.length * repeat]; // repeats give the compressor matches to find
                for (int r = 0; r < repeat; r++) System.arraycopy(piece, 0, message, r * piece.length, piece.length);

                byte[] wire;
                if (how == Sender.ENGINE) {
                    wire = engine.deflate(message, 0, message.length);
                    long bound = message.length + (message.length >> 3) + (message.length >> 6) + 16;
                    assertThat((long) wire.length).as("compressed size within zlib's bound").isLessThanOrEqualTo(bound);
                    if (noTakeover) {
                        PerMessageDeflate fresh = new PerMessageDeflate(new DeflateParams(true, false, 15, false), level);
                        assertThat(wire).as("no state kept between messages").isEqualTo(fresh.deflate(message, 0, message.length));
                        fresh.close();
                    }
                } else {
                    wire = clientDeflate(client, message, how);
                    if (noTakeover || how == Sender.FINAL_BLOCK) client.reset();
                }
                assertThat(inflate(receiver, wire, cuts, message.length)).as("message %d by %s", m, how).isEqualTo(message);
                if (noTakeover) {
                    PerMessageDeflate alone = new PerMessageDeflate(new DeflateParams(false, true, 15, false), 6);
                    assertThat(inflate(alone, wire, new int[0], message.length)).as("message %d alone", m).isEqualTo(message);
                    alone.closeInflater();
                    alone.close();
                }
            }
        } finally {
            engine.close();
            engine.closeInflater();
            client.end();
            receiver.close();
            receiver.closeInflater();
        }
    }

    private static byte[] inflate(PerMessageDeflate receiver, byte[] wire, int[] cuts, int limit) throws WsException {
        MessageBuffer out = new MessageBuffer(limit);
        for (ByteBuffer chunk : chunks(wire, cuts)) receiver.inflate(chunk, out);
        receiver.finishMessage(out);
        return out.take();
    }

    /**
     * A client's compressor (RFC 7692 §7.2.1): flush, strip the {@code 00 00 FF FF} tail; or end the
     * message with a final block followed by the one octet left of an empty stored block (§7.2.3.4).
     */
    private static byte[] clientDeflate(Deflater d, byte[] message, Sender how) {
        d.setInput(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1024];
        if (how == Sender.FINAL_BLOCK) {
            d.finish();
            while (!d.finished()) out.write(buf, 0, d.deflate(buf));
            out.write(0);
            return out.toByteArray();
        }
        int flush = how == Sender.SYNC_FLUSH ? Deflater.SYNC_FLUSH : Deflater.FULL_FLUSH;
        int n;
        do {
            n = d.deflate(buf, 0, buf.length, flush);
            out.write(buf, 0, n);
        } while (n == buf.length);
        byte[] all = out.toByteArray();
        if (all.length == 0) return new byte[] {0}; // nothing new to flush: an empty message (§7.2.3.6)
        assertThat(Arrays.copyOfRange(all, all.length - 4, all.length)).as("a flush ends in an empty stored block").isEqualTo(TAIL);
        return Arrays.copyOf(all, all.length - 4);
    }
}
