package dev.celeris.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts fuzz input into chunks the way a socket would deliver it: the cut points come from the
 * fuzz data itself, so the fuzzer steers them like any other input and a finding replays with
 * the same cuts.
 */
public record Splits(byte[] input, int[] cuts, boolean direct) {

    /** Reads up to {@code maxCuts} chunk lengths, then a heap/direct choice, then the rest as input. */
    public static Splits from(FuzzedDataProvider data, int maxCuts) {
        int n = data.consumeInt(0, maxCuts);
        int[] cuts = new int[n];
        for (int i = 0; i < n; i++) cuts[i] = data.consumeInt(0, 64);
        boolean direct = data.consumeBoolean();
        return new Splits(data.consumeRemainingAsBytes(), cuts, direct);
    }

    /** The input as one chunk. */
    public List<ByteBuffer> whole() {
        return List.of(wrap(input, 0, input.length));
    }

    /** The input in chunks of the fuzzed lengths (cycled), the last one taking what is left. */
    public List<ByteBuffer> chunks() {
        List<ByteBuffer> out = new ArrayList<>();
        int pos = 0;
        int i = 0;
        while (pos < input.length) {
            int len = cuts.length == 0 ? 1 : Math.max(1, cuts[i++ % cuts.length]);
            len = Math.min(len, input.length - pos);
            out.add(wrap(input, pos, len));
            pos += len;
        }
        return out;
    }

    /** The input one byte at a time (heap buffers: a direct buffer per byte costs a page). */
    public List<ByteBuffer> bytes() {
        List<ByteBuffer> out = new ArrayList<>(input.length);
        for (int i = 0; i < input.length; i++) out.add(ByteBuffer.wrap(new byte[] {input[i]}));
        return out;
    }

    private ByteBuffer wrap(byte[] b, int off, int len) {
        // A fresh copy per chunk: the code under test may keep nothing of it after the call.
        ByteBuffer buf = direct ? ByteBuffer.allocateDirect(len) : ByteBuffer.allocate(len);
        buf.put(b, off, len).flip();
        return buf;
    }
}
