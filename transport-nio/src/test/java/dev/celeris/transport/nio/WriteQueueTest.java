package dev.celeris.transport.nio;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

class WriteQueueTest {

    @Test
    void growsAndKeepsOrderAcrossTheRingBoundary() {
        WriteQueue q = new WriteQueue();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 5; i++) {
                q.add(ByteBuffer.wrap(new byte[] {(byte) i}));
            }
            for (int i = 0; i < 5; i++) {
                assertThat(q.first().get(0)).isEqualTo((byte) i);
                q.removeFirst();
            }
        }
        for (int i = 0; i < 100; i++) {
            q.add(ByteBuffer.wrap(new byte[] {(byte) i}));
        }
        assertThat(q.size()).isEqualTo(100);
        for (int i = 0; i < 100; i++) {
            assertThat(q.first().get(0)).isEqualTo((byte) i);
            q.removeFirst();
        }
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void fillStopsAtTheArraySizeAndTrimsToTheByteBudget() {
        WriteQueue q = new WriteQueue();
        for (int i = 0; i < 10; i++) {
            q.add(ByteBuffer.allocate(100));
        }
        ByteBuffer[] iov = new ByteBuffer[4];
        int[] limits = new int[4];
        assertThat(q.fill(iov, limits, 10_000)).isEqualTo(4);
        WriteQueue.restore(iov, limits, 4);
        assertThat(iov).containsOnlyNulls();

        int n = q.fill(iov, limits, 250);
        assertThat(n).isEqualTo(3);
        assertThat(iov[2].remaining()).as("trimmed to the budget").isEqualTo(50);
        WriteQueue.restore(iov, limits, n);
        assertThat(q.first().remaining()).isEqualTo(100);
        q.clear();
        assertThat(q.isEmpty()).isTrue();
    }
}
