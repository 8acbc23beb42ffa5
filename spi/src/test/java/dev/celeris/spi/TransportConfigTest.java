package dev.celeris.spi;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransportConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        TransportConfig c = TransportConfig.builder().build();
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.ioThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(c.backlog()).isEqualTo(1024);
        assertThat(c.readBufferSize()).isEqualTo(64 * 1024);
        assertThat(c.writeHighWaterMark()).isEqualTo(64 * 1024);
        assertThat(c.writeLowWaterMark()).isEqualTo(32 * 1024);
        assertThat(c.tcpNoDelay()).isTrue();
        assertThat(c.reuseAddress()).isTrue();
        assertThat(c.receiveBufferSize()).isZero();
        assertThat(c.sendBufferSize()).isZero();
        assertThat(c.options()).isEmpty();
        assertThat(c.reusePort()).isFalse();
        assertThat(c.maxConnections()).isZero();
    }

    @Test
    void builderSetsEveryField() {
        TransportConfig c = TransportConfig.builder().host("127.0.0.1").port(0).ioThreads(3).backlog(7)
                .readBufferSize(100).writeWaterMarks(10, 20).tcpNoDelay(false).reuseAddress(false)
                .receiveBufferSize(4096).sendBufferSize(8192).reusePort(true).maxConnections(5).option("epoll", "false").build();
        assertThat(c).isEqualTo(new TransportConfig("127.0.0.1", 0, 3, 7, 100, 20, 10, false, false, 4096, 8192,
                true, 5, Map.of("epoll", "false"), null));
        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(c.toBuilder().port(1).build().port()).isEqualTo(1);
    }

    @Test
    void optionsAreLookedUpWithADefaultAndCannotBeChangedAfterwards() {
        Map<String, String> source = new HashMap<>(Map.of("a", "1"));
        TransportConfig c = TransportConfig.builder().options(source).option("b", "2").build();
        source.put("c", "3");
        assertThat(c.option("a", "x")).isEqualTo("1");
        assertThat(c.option("b", "x")).isEqualTo("2");
        assertThat(c.option("c", "x")).isEqualTo("x");
        assertThatThrownBy(() -> c.options().put("d", "4")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsInvalidValues() {
        assertThatThrownBy(() -> TransportConfig.builder().host(null).build()).isInstanceOf(NullPointerException.class);
        assertInvalid(TransportConfig.builder().port(-1), "port");
        assertInvalid(TransportConfig.builder().port(65536), "port");
        assertInvalid(TransportConfig.builder().ioThreads(0), "ioThreads");
        assertInvalid(TransportConfig.builder().backlog(0), "backlog");
        assertInvalid(TransportConfig.builder().readBufferSize(0), "readBufferSize");
        assertInvalid(TransportConfig.builder().writeWaterMarks(-1, 10), "writeLowWaterMark");
        assertInvalid(TransportConfig.builder().writeWaterMarks(20, 10), "writeLowWaterMark");
        assertInvalid(TransportConfig.builder().receiveBufferSize(-1), "socket buffer");
        assertInvalid(TransportConfig.builder().sendBufferSize(-1), "socket buffer");
        assertInvalid(TransportConfig.builder().maxConnections(-1), "maxConnections");
    }

    @Test
    void acceptsBoundaryValues() {
        TransportConfig c = TransportConfig.builder().port(65535).ioThreads(1).backlog(1).readBufferSize(1)
                .writeWaterMarks(0, 0).build();
        assertThat(c.port()).isEqualTo(65535);
        assertThat(c.writeHighWaterMark()).isZero();
    }

    private static void assertInvalid(TransportConfig.Builder builder, String mentions) {
        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(mentions);
    }
}
