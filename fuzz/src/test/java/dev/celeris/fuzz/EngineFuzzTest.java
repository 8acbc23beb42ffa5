package dev.celeris.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.Http1Config;
import dev.celeris.engine.Http2Config;
import dev.celeris.engine.HttpEngine;
import dev.celeris.engine.HttpHandler;
import java.nio.charset.StandardCharsets;

/**
 * The whole engine fed arbitrary client bytes over an in-memory connection: protocol detection,
 * HTTP/1.1 (with h2c upgrade) and HTTP/2, in the fuzzed chunk sizes, with or without a
 * half-close at the end.
 *
 * <p>Invariants: no callback throws (a transport would abort the connection and log it as a
 * bug); everything written is well formed ({@link EngineOutput}); what the engine queued before
 * a flush stays bounded, and so does the whole output relative to the input (no amplification
 * beyond one small response per request or control frame).
 */
class EngineFuzzTest {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_SETTINGS = {0, 0, 0, 4, 0, 0, 0, 0, 0};

    private static final HttpEngine ENGINE = HttpEngine.create(EngineConfig.builder()
            .http1(Http1Config.builder().maxRequestLineLength(512).maxHeaderBytes(2048).maxHeaderFields(32).build())
            .http2(Http2Config.builder().maxHeaderListSize(2048).maxConcurrentStreams(16).build())
            .maxRequestBodySize(4096)
            .build(), HttpHandler.nonBlocking(EngineFuzzTest::respond));

    /** Answers at once from the I/O thread: the status and body come from the path. */
    private static void respond(dev.celeris.engine.HttpRequest req, dev.celeris.engine.HttpResponse res) {
        String path = req.path();
        if (path.startsWith("/status/") && path.length() == 11) {
            try {
                res.status(Integer.parseInt(path.substring(8)));
            } catch (RuntimeException e) {
                res.status(400);
            }
        }
        res.header("x-method", req.method());
        if (path.startsWith("/trailers")) res.trailers().set("x-done", "1");
        if (path.startsWith("/stream")) {
            res.send(new byte[3000]);   // several DATA frames at the smallest frame size
            return;
        }
        res.send(req.method() + " " + path.length());
    }

    @FuzzTest(maxDuration = "")
    void clientBytes(FuzzedDataProvider data) {
        int mode = data.consumeInt(0, 2);
        boolean halfClose = data.consumeBoolean();
        Splits s = Splits.from(data, 8);
        byte[] input = switch (mode) {
            case 1 -> concat(PREFACE, s.input());
            case 2 -> concat(concat(PREFACE, EMPTY_SETTINGS), s.input());
            default -> s.input();
        };
        Splits splits = new Splits(input, s.cuts(), s.direct());
        FuzzConnection conn = new FuzzConnection(ENGINE.newHandler());
        conn.deliver(splits.chunks(), halfClose);
        byte[] out = conn.output();
        boolean h2 = startsWith(input, PREFACE);
        if (out.length > 0) EngineOutput.check(out, h2);
        assertThat(conn.maxQueuedBytes()).as("bytes queued before a flush").isLessThanOrEqualTo(256 * 1024);
        assertThat((long) out.length).as("output for %d input bytes", input.length).isLessThanOrEqualTo(64 * 1024 + 64L * input.length);
    }

    private static boolean startsWith(byte[] a, byte[] prefix) {
        if (a.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if (a[i] != prefix[i]) return false;
        return true;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
