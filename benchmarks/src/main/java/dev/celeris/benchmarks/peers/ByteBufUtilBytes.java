package dev.celeris.benchmarks.peers;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/** Copies a ByteBuf's readable bytes. */
final class ByteBufUtilBytes {

    private ByteBufUtilBytes() {
    }

    static byte[] bytes(ByteBuf buf) {
        return ByteBufUtil.getBytes(buf);
    }
}
