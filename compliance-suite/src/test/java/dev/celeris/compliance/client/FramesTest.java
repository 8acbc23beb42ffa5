package dev.celeris.compliance.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Frame bytes built by hand, as okhttp's Http2Test does. */
class FramesTest {

    @Test
    void headerLayout() {
        assertThat(Frames.ping(H2.FLAG_ACK, new byte[] {1, 2, 3, 4, 5, 6, 7, 8})).containsExactly(
                0, 0, 8, 6, 1, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(Frames.windowUpdate(3, 0x8000_0001)).containsExactly(
                0, 0, 4, 8, 0, 0, 0, 0, 3, 0x80, 0, 0, 1);
    }

    @Test
    void lyingLengthAndReservedBitAreWrittenAsGiven() {
        assertThat(Frames.frame(20, H2.DATA, 0xff, 0x8000_0001, new byte[] {9})).containsExactly(
                0, 0, 20, 0, 0xff, 0x80, 0, 0, 1, 9);
    }

    @Test
    void priorityAndPadding() {
        assertThat(Frames.priority(1, 3, true, 256)).containsExactly(0, 0, 5, 2, 0, 0, 0, 0, 1, 0x80, 0, 0, 3, 0xff);
        assertThat(Frames.dataPadded(1, H2.FLAG_END_STREAM, new byte[] {7}, 2)).containsExactly(
                0, 0, 4, 0, 0x09, 0, 0, 0, 1, 2, 7, 0, 0);
        assertThat(Frames.settings(H2.SETTINGS_INITIAL_WINDOW_SIZE, 1)).containsExactly(
                0, 0, 6, 4, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 1);
    }

    @Test
    void frameLogLine() {
        Frame f = new Frame(4, H2.RST_STREAM, 0, 5, new byte[] {0, 0, 0, 8}, null, null);
        assertThat(f.toString()).isEqualTo("0x00000005     4 RST_STREAM CANCEL");
        Frame g = new Frame(8, H2.GOAWAY, 0, 0, new byte[] {0, 0, 0, 7, 0, 0, 0, 0x0b}, null, null);
        assertThat(g.toString()).contains("GOAWAY ENHANCE_YOUR_CALM last=7");
    }
}
