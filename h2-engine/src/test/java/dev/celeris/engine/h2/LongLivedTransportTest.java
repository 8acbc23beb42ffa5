package dev.celeris.engine.h2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.Http2Config;
import dev.celeris.engine.HttpHandler;
import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.Transports;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One real connection per transport (Netty's HTTP/2 client, which keeps to the windows the
 * server grants): 1,000 uploads that are rejected unread, cancelled by the client or reset by
 * the server, then a 10 MiB upload must still complete (issue #11: the window each abandoned
 * upload held used to be lost, and the connection starved).
 */
@Timeout(180)
class LongLivedTransportTest {

    static final int ROUNDS = 1000;
    static final int BODY = 16 * 1024;

    static Stream<TransportProvider> transports() {
        return Transports.available().stream();
    }

    static final HttpHandler APP = (req, res) -> {
        switch (req.path()) {
            case "/reject" -> res.status(401).send("no");
            case "/slow" -> {
                try (InputStream in = req.body()) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                } catch (IOException expected) {
                    return;
                }
                res.send("done");
            }
            default -> {
                long n = 0;
                byte[] buf = new byte[64 * 1024];
                try (InputStream in = req.body()) {
                    for (int r; (r = in.read(buf)) >= 0; ) n += r;
                }
                res.send(Long.toString(n));
            }
        }
    };

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void abandonedUploadsThenA10MiBUploadOnOneConnection(TransportProvider provider) throws Exception {
        EngineConfig config = EngineConfig.builder().http2(Http2Config.builder().maxResetsPerWindow(100_000)
                .maxServerResetsPerWindow(100_000).build()).build();
        var group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (TestServer server = TestServer.start(provider, config, APP)) {
            Channel channel = NettyClientTest.connect(group, server.port());
            String authority = "127.0.0.1:" + server.port();
            for (int round = 0; round < ROUNDS; round++) {
                NettyClientTest.Collector c = new NettyClientTest.Collector();
                Http2StreamChannel stream = new Http2StreamChannelBootstrap(channel).handler(c).open().sync().getNow();
                String path = switch (round % 3) {
                    case 0 -> "/reject";
                    case 1 -> "/slow";
                    default -> "/count";
                };
                var headers = new DefaultHttp2Headers().method("POST").path(path).scheme("http").authority(authority);
                if (round % 3 == 2) headers.set("content-length", Integer.toString(2 * BODY)); // server resets: too short
                stream.write(new DefaultHttp2HeadersFrame(headers, false));
                stream.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(new byte[BODY]), round % 3 != 1));
                switch (round % 3) {
                    case 0 -> assertThat(c.reply.get(20, TimeUnit.SECONDS).status()).isEqualTo("401");
                    case 1 -> stream.close().sync(); // RST_STREAM CANCEL mid-body
                    default -> assertThat(stream.closeFuture().await(20, TimeUnit.SECONDS)).as("reset by the server").isTrue();
                }
            }
            NettyClientTest.Collector c = new NettyClientTest.Collector();
            Http2StreamChannel stream = new Http2StreamChannelBootstrap(channel).handler(c).open().sync().getNow();
            var headers = new DefaultHttp2Headers().method("POST").path("/count").scheme("http").authority(authority);
            stream.write(new DefaultHttp2HeadersFrame(headers, false));
            int mib = 10;
            for (int i = 0; i < mib * 16; i++) {
                stream.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(new byte[64 * 1024]), i == mib * 16 - 1));
            }
            stream.flush();
            NettyClientTest.Reply reply = c.reply.get(60, TimeUnit.SECONDS);
            assertThat(reply.status()).isEqualTo("200");
            assertThat(reply.body()).isEqualTo(Long.toString((long) mib << 20));
            channel.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
