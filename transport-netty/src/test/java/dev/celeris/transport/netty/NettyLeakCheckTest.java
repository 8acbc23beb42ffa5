package dev.celeris.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Proves {@link NettyLeakCheck} sees a real leak, so its silence elsewhere means something. */
@Timeout(30)
class NettyLeakCheckTest {

    @Test
    void paranoidLevelIsActive() {
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
    }

    @Test
    void aLeakedBufferIsReported() throws InterruptedException {
        leakOne();
        assertThat(NettyLeakCheck.collect()).anySatisfy(report -> assertThat(report).contains("LEAK"));
    }

    private static void leakOne() {
        ByteBufAllocator.DEFAULT.directBuffer(64).writeInt(42); // never released, on purpose
    }
}
