package dev.celeris.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Writes between two flushes become as few Netty messages as possible, in order, nothing leaked. */
class OutboundBatchTest {

    private final List<ByteBuf> sent = new ArrayList<>();
    private final List<Integer> sizes = new ArrayList<>();
    private final OutboundBatch batch = new OutboundBatch((message, bytes) -> {
        sent.add(message);
        sizes.add(bytes);
    });
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

    @AfterEach
    void releaseSent() {
        batch.release();
        sent.forEach(ByteBuf::release);
    }

    private void write(ByteBuffer... buffers) {
        int bytes = 0;
        for (ByteBuffer b : buffers) bytes += b.remaining();
        batch.write(alloc, buffers, bytes);
    }

    private static ByteBuffer heap(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static String text(ByteBuf b) {
        return b.toString(b.readerIndex(), b.readableBytes(), StandardCharsets.US_ASCII);
    }

    @Test
    void smallWritesUntilTheFlushAreOneMessage() {
        for (int i = 0; i < 32; i++) write(heap("response " + i + ";"));
        assertThat(sent).isEmpty();
        batch.emit();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).isDirect()).isTrue();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 32; i++) expected.append("response ").append(i).append(';');
        assertThat(text(sent.get(0))).isEqualTo(expected.toString());
        assertThat(sizes).containsExactly(expected.length());
        batch.emit();
        assertThat(sent).as("nothing written since: nothing sent").hasSize(1);
    }

    @Test
    void aLargeWriteGoesAsItsOwnMessageAfterTheBatchInOrder() {
        String large = "L".repeat(OutboundBatch.COPY_LIMIT + 1);
        write(heap("a"), heap("b"));
        write(heap(large));
        write(heap("c"));
        batch.emit();
        assertThat(sent).extracting(OutboundBatchTest::text).containsExactly("ab", large, "c");
        assertThat(sizes).containsExactly(2, large.length(), 1);
    }

    @Test
    void directBuffersAreNotCopied() {
        ByteBuffer direct = ByteBuffer.allocateDirect(3).put("xyz".getBytes(StandardCharsets.US_ASCII)).flip();
        write(heap("a"));
        write(direct);
        batch.emit();
        assertThat(sent).extracting(OutboundBatchTest::text).containsExactly("a", "xyz");
        assertThat(sent.get(1).nioBuffer().isDirect()).isTrue();
    }

    @Test
    void aFullBatchGoesOutAndANewOneStarts() {
        String block = "b".repeat(OutboundBatch.COPY_LIMIT);
        int perBatch = OutboundBatch.BATCH_LIMIT / block.length();
        for (int i = 0; i < perBatch + 1; i++) write(heap(block));
        assertThat(sizes).containsExactly(OutboundBatch.BATCH_LIMIT);
        batch.emit();
        assertThat(sizes).containsExactly(OutboundBatch.BATCH_LIMIT, block.length());
    }

    @Test
    void theCallersBuffersAreLeftAsHandedOver() {
        ByteBuffer b = heap("hello");
        write(b);
        assertThat(b.position()).isZero();
        assertThat(b.remaining()).isEqualTo(5);
    }

    @Test
    void releaseDropsTheUnsentBatch() {
        write(heap("dropped"));
        batch.release();
        batch.emit();
        assertThat(sent).isEmpty();
    }
}
