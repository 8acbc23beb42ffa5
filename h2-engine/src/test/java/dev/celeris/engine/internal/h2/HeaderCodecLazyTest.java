package dev.celeris.engine.internal.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeris.engine.Headers;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The HPACK state is created by the first header block each way; table sizes announced before
 * that must leave it exactly as if it had existed from the start (RFC 7541 §4.2, §6.3).
 */
class HeaderCodecLazyTest {

    /** The first bytes of the first response block after the peer's table sizes {@code sizes}. */
    private static byte[] firstBlockPrefix(long... sizes) {
        HeaderCodec codec = new HeaderCodec(8192);
        for (long size : sizes) codec.peerTableSize(size);
        codec.encodeResponse(200, Headers.of());
        return Arrays.copyOf(codec.block(), codec.blockLength());
    }

    @Test
    void peerSizesBeforeTheFirstResponseAreAnnouncedSmallestThenFinal() {
        // 0 then 4096: size update 0 (0x20), size update 4096 (0x3f 0xe1 0x1f), then :status 200 (0x88)
        assertThat(firstBlockPrefix(0, 4096)).containsExactly(0x20, 0x3f, 0xe1, 0x1f, 0x88);
        // lowered once: one size update to 100 (0x3f 0x45)
        assertThat(firstBlockPrefix(100)).containsExactly(0x3f, 0x45, 0x88);
        // larger than our own limit or unchanged: nothing to announce
        assertThat(firstBlockPrefix(65_536, 4096)).containsExactly(0x88);
        assertThat(firstBlockPrefix()).containsExactly(0x88);
    }

    @Test
    void peerSizeAfterTheFirstResponseGoesStraightToTheEncoder() {
        HeaderCodec codec = new HeaderCodec(8192);
        codec.encodeResponse(200, Headers.of());
        codec.peerTableSize(0);
        codec.encodeResponse(200, Headers.of());
        assertThat(Arrays.copyOf(codec.block(), codec.blockLength())).containsExactly(0x20, 0x88);
    }

    @Test
    void ourLoweredTableSizeAcknowledgedBeforeTheFirstRequestRequiresTheUpdate() throws H2Exception {
        HeaderCodec codec = new HeaderCodec(8192);
        codec.localTableSize(0);
        // :method GET without the size update the peer owes us: COMPRESSION_ERROR
        assertThatThrownBy(() -> codec.decode(ByteBuffer.wrap(new byte[] {(byte) 0x82}), 1, false))
                .isInstanceOf(H2Exception.class).hasMessageContaining("size update");

        HeaderCodec fresh = new HeaderCodec(8192);
        fresh.localTableSize(0);
        assertThat(fresh.decode(ByteBuffer.wrap(new byte[] {0x20, (byte) 0x82}), 1, false)).isEqualTo(HeaderCodec.Result.OK);
        assertThat(fresh.validator.method).isEqualTo("GET");
    }

    @Test
    void unsetTableSizesLeaveTheDefaults() throws H2Exception {
        HeaderCodec codec = new HeaderCodec(8192);
        assertThat(codec.decode(ByteBuffer.wrap(new byte[] {(byte) 0x82}), 1, false)).isEqualTo(HeaderCodec.Result.OK);
        codec.localTableSize(4096);
        assertThat(codec.decode(ByteBuffer.wrap(new byte[] {(byte) 0x82}), 3, false)).isEqualTo(HeaderCodec.Result.OK);
    }
}
