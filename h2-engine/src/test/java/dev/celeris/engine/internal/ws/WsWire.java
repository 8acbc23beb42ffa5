package dev.celeris.engine.internal.ws;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test helper: builds frames as a client (masked) or server (unmasked) would, and feeds a parser. */
final class WsWire {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final boolean masked;
    private int nextKey = 0x37fa213d;

    WsWire(boolean masked) {
        this.masked = masked;
    }

    WsWire frame(int opcode, boolean fin, boolean rsv1, byte[] payload) {
        ByteBuffer head = ByteBuffer.allocate(WsFrames.MAX_HEAD);
        int key = nextKey;
        nextKey = nextKey * 31 + 7;
        WsFrames.writeHead(head, opcode, fin, rsv1, payload.length, masked, key);
        out.write(head.array(), 0, head.position());
        byte[] body = payload.clone();
        if (masked) WsFrames.mask(body, 0, body.length, key, 0);
        out.write(body, 0, body.length);
        return this;
    }

    WsWire frame(int opcode, boolean fin, String payload) {
        return frame(opcode, fin, false, payload.getBytes(StandardCharsets.UTF_8));
    }

    WsWire raw(int... bytes) {
        for (int b : bytes) out.write(b);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** Feeds {@code data} in chunks cut at {@code cuts} (sorted offsets). */
    static void feed(WsFrameParser parser, byte[] data, List<Integer> cuts) throws WsException {
        int start = 0;
        for (int cut : cuts) {
            if (cut <= start || cut >= data.length) continue;
            parser.parse(ByteBuffer.wrap(data, start, cut - start).slice());
            start = cut;
        }
        parser.parse(ByteBuffer.wrap(data, start, data.length - start).slice());
    }

    static List<Integer> everyByte(int length) {
        List<Integer> cuts = new ArrayList<>();
        for (int i = 1; i < length; i++) cuts.add(i);
        return cuts;
    }

    static List<Integer> randomCuts(int length, Random random) {
        List<Integer> cuts = new ArrayList<>();
        int n = random.nextInt(Math.min(length, 40) + 1);
        for (int i = 0; i < n; i++) cuts.add(random.nextInt(Math.max(1, length)));
        cuts.sort(null);
        return cuts;
    }
}
