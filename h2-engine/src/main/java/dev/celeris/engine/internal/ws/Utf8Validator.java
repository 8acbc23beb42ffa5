package dev.celeris.engine.internal.ws;

import java.nio.ByteBuffer;

/**
 * Incremental UTF-8 validation (RFC 3629): bytes may arrive split anywhere, across frames of one
 * message; overlong forms, surrogates (U+D800..U+DFFF) and code points above U+10FFFF are
 * invalid. A message is valid when every chunk was accepted and {@link #isComplete()} holds at
 * its end (no sequence cut off).
 */
public final class Utf8Validator {

    /** Continuation bytes still expected for the current sequence. */
    private int remaining;
    /** Allowed range of the next continuation byte (narrowed for the first one after E0, ED, F0, F4). */
    private int lower = 0x80;
    private int upper = 0xBF;

    /** Validates {@code data} from its position to its limit without moving them; false on invalid input. */
    public boolean feed(ByteBuffer data) {
        if (data.hasArray()) {
            return feed(data.array(), data.arrayOffset() + data.position(), data.remaining());
        }
        for (int i = data.position(); i < data.limit(); i++) {
            if (!next(data.get(i) & 0xFF)) return false;
        }
        return true;
    }

    public boolean feed(byte[] data, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end) {
            if (remaining == 0) {
                // Fast path: runs of ASCII.
                while (i < end && data[i] >= 0) i++;
                if (i == end) return true;
            }
            if (!next(data[i++] & 0xFF)) return false;
        }
        return true;
    }

    private boolean next(int b) {
        if (remaining == 0) {
            if (b < 0x80) return true;
            if (b >= 0xC2 && b <= 0xDF) {
                remaining = 1;
            } else if (b == 0xE0) {
                remaining = 2;
                lower = 0xA0; // no overlong 3-byte forms
            } else if (b == 0xED) {
                remaining = 2;
                upper = 0x9F; // no surrogates
            } else if (b >= 0xE1 && b <= 0xEF) {
                remaining = 2;
            } else if (b == 0xF0) {
                remaining = 3;
                lower = 0x90; // no overlong 4-byte forms
            } else if (b >= 0xF1 && b <= 0xF3) {
                remaining = 3;
            } else if (b == 0xF4) {
                remaining = 3;
                upper = 0x8F; // nothing above U+10FFFF
            } else {
                return false; // 0x80..0xC1 as a lead byte, or F5..FF
            }
            return true;
        }
        if (b < lower || b > upper) return false;
        lower = 0x80;
        upper = 0xBF;
        remaining--;
        return true;
    }

    /** Whether the input so far ends on a code point boundary. */
    public boolean isComplete() {
        return remaining == 0;
    }

    public void reset() {
        remaining = 0;
        lower = 0x80;
        upper = 0xBF;
    }
}
