package dev.celeris.engine.internal.h2;

import static dev.celeris.engine.internal.h2.TestPeer.*;
import static dev.celeris.engine.internal.h2.frame.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.HttpHandler;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** HTTP message rules (RFC 9113 §8): malformed requests are reset with PROTOCOL_ERROR. */
@Timeout(30)
class MessageRulesTest {

    static final HttpHandler ECHO = (req, res) -> {
        byte[] body = req.bodyBytes();
        res.header("x-trailer", String.valueOf(req.trailers().get("x-t"))).send(body);
    };

    /** Header lists that make a request malformed, each with why. */
    static final List<String[]> MALFORMED = List.of(
            new String[] {"missing :method", ":scheme", "http", ":path", "/"},
            new String[] {"missing :scheme", ":method", "GET", ":path", "/"},
            new String[] {"missing :path", ":method", "GET", ":scheme", "http"},
            new String[] {"empty :path", ":method", "GET", ":scheme", "http", ":path", ""},
            new String[] {"duplicate :path", ":method", "GET", ":scheme", "http", ":path", "/", ":path", "/"},
            new String[] {"unknown pseudo", ":method", "GET", ":scheme", "http", ":path", "/", ":foo", "x"},
            new String[] {"response pseudo", ":method", "GET", ":scheme", "http", ":path", "/", ":status", "200"},
            new String[] {"pseudo after regular", ":method", "GET", ":scheme", "http", "a", "1", ":path", "/"},
            new String[] {"uppercase name", ":method", "GET", ":scheme", "http", ":path", "/", "X-Up", "1"},
            new String[] {"connection", ":method", "GET", ":scheme", "http", ":path", "/", "connection", "close"},
            new String[] {"keep-alive", ":method", "GET", ":scheme", "http", ":path", "/", "keep-alive", "5"},
            new String[] {"proxy-connection", ":method", "GET", ":scheme", "http", ":path", "/", "proxy-connection", "x"},
            new String[] {"transfer-encoding", ":method", "GET", ":scheme", "http", ":path", "/", "transfer-encoding", "chunked"},
            new String[] {"upgrade", ":method", "GET", ":scheme", "http", ":path", "/", "upgrade", "h2c"},
            new String[] {"te gzip", ":method", "GET", ":scheme", "http", ":path", "/", "te", "gzip"},
            new String[] {"CONNECT with path", ":method", "CONNECT", ":authority", "h:1", ":path", "/"},
            new String[] {"CONNECT without authority", ":method", "CONNECT"},
            new String[] {"content-length with END_STREAM", ":method", "GET", ":scheme", "http", ":path", "/", "content-length", "3"},
            new String[] {"bad content-length", ":method", "GET", ":scheme", "http", ":path", "/", "content-length", "x"},
            new String[] {"value with CR", ":method", "GET", ":scheme", "http", ":path", "/", "a", "x\ry"},
            new String[] {"path not absolute", ":method", "GET", ":scheme", "http", ":path", "abc"},
            new String[] {"host differs", ":method", "GET", ":scheme", "http", ":path", "/", ":authority", "a", "host", "b"});

    @ParameterizedTest
    @EnumSource(Split.class)
    void malformedRequestsAreReset(Split split) {
        int id = 1;
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), ECHO, split).handshake()) {
            for (String[] c : MALFORMED) {
                String[] fields = java.util.Arrays.copyOfRange(c, 1, c.length);
                peer.send(peer.headers(id, true, fields));
                Frame reset = peer.awaitReset(id);
                assertThat(reset.errorCode()).as(c[0]).isEqualTo(H2Error.PROTOCOL_ERROR.code());
                id += 2;
            }
            peer.send(peer.get(id, "/fine"));
            assertThat(peer.response(id).status()).isEqualTo(200);
            assertThat(peer.seen).noneMatch(f -> f.type() == TYPE_GOAWAY);
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void validEdgeCasesAreAccepted(Split split) {
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), ECHO, split).handshake()) {
            peer.send(peer.headers(1, true, ":method", "GET", ":scheme", "http", ":path", "/", "te", "trailers"));
            assertThat(peer.response(1).status()).isEqualTo(200);
            peer.send(peer.headers(3, true, ":method", "OPTIONS", ":scheme", "http", ":path", "*"));
            assertThat(peer.response(3).status()).isEqualTo(200);
            peer.send(peer.headers(5, true, ":method", "CONNECT", ":authority", "example.com:443"));
            assertThat(peer.response(5).status()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void contentLengthMustMatchTheData(Split split) {
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), ECHO, split).handshake()) {
            peer.send(peer.post(1, "/", "content-length", "3"), data(1, true, "ab".getBytes()));
            assertThat(peer.awaitReset(1).errorCode()).isEqualTo(H2Error.PROTOCOL_ERROR.code());
            peer.send(peer.post(3, "/", "content-length", "1"), data(3, true, "ab".getBytes()));
            assertThat(peer.awaitReset(3).errorCode()).isEqualTo(H2Error.PROTOCOL_ERROR.code());
            peer.send(peer.post(5, "/", "content-length", "2"), data(5, true, "ab".getBytes()));
            assertThat(peer.response(5).text()).isEqualTo("ab");
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void requestTrailers(Split split) {
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), ECHO, split).handshake()) {
            peer.send(peer.post(1, "/"), data(1, false, "ab".getBytes()), peer.headers(1, true, "x-t", "v"));
            Response r = peer.response(1);
            assertThat(r.text()).isEqualTo("ab");
            assertThat(r.headers().header("x-trailer")).isEqualTo("v");
            // trailers must end the stream
            peer.send(peer.post(3, "/"), peer.headers(3, false, "x-t", "v"));
            assertThat(peer.awaitReset(3).errorCode()).isEqualTo(H2Error.PROTOCOL_ERROR.code());
            // no pseudo-headers in trailers
            peer.send(peer.post(5, "/"), peer.headers(5, true, ":path", "/"));
            assertThat(peer.awaitReset(5).errorCode()).isEqualTo(H2Error.PROTOCOL_ERROR.code());
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void responsesDropConnectionSpecificHeaders(Split split) {
        HttpHandler h = (req, res) -> res.header("connection", "close").header("transfer-encoding", "chunked")
                .header("x-ok", "1").send("b");
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), h, split).handshake()) {
            peer.send(peer.get(1, "/"));
            Response r = peer.response(1);
            assertThat(r.headers().header("connection")).isNull();
            assertThat(r.headers().header("transfer-encoding")).isNull();
            assertThat(r.headers().header("x-ok")).isEqualTo("1");
        }
    }

    @org.junit.jupiter.api.Test
    void validatorJoinsCookiesAndFallsBackToHost() {
        RequestHeaderValidator v = new RequestHeaderValidator();
        v.beginRequest();
        for (String[] f : new String[][] {{":method", "GET"}, {":scheme", "http"}, {":path", "/"}, {"host", "h"},
                {"cookie", "a=1"}, {"cookie", "b=2"}}) {
            v.header(f[0], f[1]);
        }
        assertThat(v.finish()).isNull();
        assertThat(v.authority).isEqualTo("h");
        assertThat(v.headers.get("cookie")).isEqualTo("a=1; b=2");
    }
}
