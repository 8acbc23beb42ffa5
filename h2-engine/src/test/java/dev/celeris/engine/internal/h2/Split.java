package dev.celeris.engine.internal.h2;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** How test input is cut into chunks: every rule is fed whole, one byte at a time, and at random points. */
enum Split {
    WHOLE, ONE_BYTE, RANDOM;

    List<byte[]> cut(byte[] bytes, Random random) {
        List<byte[]> chunks = new ArrayList<>();
        switch (this) {
            case WHOLE -> chunks.add(bytes);
            case ONE_BYTE -> {
                for (byte b : bytes) chunks.add(new byte[] {b});
            }
            case RANDOM -> {
                int i = 0;
                while (i < bytes.length) {
                    int n = Math.min(bytes.length - i, 1 + random.nextInt(Math.max(1, Math.min(64, bytes.length))));
                    chunks.add(java.util.Arrays.copyOfRange(bytes, i, i + n));
                    i += n;
                }
            }
        }
        return chunks;
    }
}
