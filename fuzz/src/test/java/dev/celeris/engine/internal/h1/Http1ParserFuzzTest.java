package dev.celeris.engine.internal.h1;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.celeris.engine.Headers;
import dev.celeris.engine.Http1Config;
import dev.celeris.fuzz.Splits;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The HTTP/1.1 request head parser and the chunked decoder (RFC 9112) fed arbitrary bytes.
 *
 * <p>Invariants, head parser: the requests (or the error status) read from the input whole, in
 * the fuzzed chunks and byte by byte are the same, and so is where each head ends; a parsed
 * head never has more fields than the limit; an error is one of the statuses the parser
 * documents; a parser that completed a head reads the same head again when it is repeated
 * (pipelining, proves the reset).
 *
 * <p>Invariants, chunked decoder: the body bytes, trailers, end position or error are the same
 * for every split; the body is never longer than the input; after {@code reset} the same body
 * decodes the same again.
 */
class Http1ParserFuzzTest {

    private static final Set<Integer> STATUSES = Set.of(400, 413, 414, 417, 431, 501, 505);
    private static final Http1Config CONFIG = Http1Config.builder()
            .maxRequestLineLength(256).maxHeaderBytes(1024).maxHeaderFields(16).build();

    @FuzzTest(maxDuration = "")
    void requestHead(FuzzedDataProvider data) {
        Splits splits = Splits.from(data, 8);
        List<String> whole = parseAll(splits.whole());
        assertThat(parseAll(splits.chunks())).as("fuzzed chunks").isEqualTo(whole);
        if (splits.input().length <= 2048) assertThat(parseAll(splits.bytes())).as("byte by byte").isEqualTo(whole);
    }

    /** Parses heads until the input ends or an error; bodies are not skipped (a head follows a head). */
    private static List<String> parseAll(List<ByteBuffer> chunks) {
        RequestParser parser = new RequestParser(CONFIG, 1 << 20);
        List<String> out = new ArrayList<>();
        long offset = 0;
        for (ByteBuffer chunk : chunks) {
            long chunkStart = offset;
            while (chunk.hasRemaining()) {
                try {
                    if (!parser.parse(chunk)) break;
                } catch (Http1Exception e) {
                    assertThat(e.status()).as("error status").isIn(STATUSES);
                    out.add("error " + e.status());
                    return out;   // the parser is not used after an error
                }
                Http1Request r = parser.take();
                assertThat(r.headers.size()).as("field count").isLessThanOrEqualTo(CONFIG.maxHeaderFields());
                out.add(describe(r) + " @" + (chunkStart + chunk.position()));
            }
            offset += chunk.limit();
        }
        return out;
    }

    @FuzzTest(maxDuration = "")
    void requestHeadTwice(FuzzedDataProvider data) {
        byte[] input = data.consumeRemainingAsBytes();
        RequestParser parser = new RequestParser(CONFIG, 1 << 20);
        ByteBuffer in = ByteBuffer.allocate(input.length * 2).put(input).put(input).flip();
        String first;
        try {
            if (!parser.parse(in) || in.position() != input.length) return;   // not exactly one head
            first = describe(parser.take());
            assertThat(parser.parse(in)).as("the repeated head completes").isTrue();
        } catch (Http1Exception e) {
            return;
        }
        assertThat(describe(parser.take())).as("second head").isEqualTo(first);
        assertThat(in.hasRemaining()).isFalse();
    }

    private static String describe(Http1Request r) {
        StringBuilder b = new StringBuilder()
                .append(r.method).append(' ').append(r.path).append(" ?").append(r.rawQuery)
                .append(" host=").append(r.authority).append(" 1.1=").append(r.http11)
                .append(' ').append(r.framing).append(" cl=").append(r.contentLength)
                .append(" keepAlive=").append(r.keepAlive).append(" continue=").append(r.expectContinue)
                .append(" h2c=").append(r.http2Settings == null ? "-" : HexFormat.of().formatHex(r.http2Settings));
        Headers h = r.headers;
        for (int i = 0; i < h.size(); i++) b.append(" | ").append(h.name(i)).append(": ").append(h.value(i));
        return b.toString();
    }

    @FuzzTest(maxDuration = "")
    void chunkedBody(FuzzedDataProvider data) {
        Splits splits = Splits.from(data, 8);
        ChunkedDecoder decoder = new ChunkedDecoder(512, 8);
        String whole = decode(decoder, splits.whole());
        decoder.reset();
        assertThat(decode(decoder, splits.whole())).as("after reset").isEqualTo(whole);
        assertThat(decode(new ChunkedDecoder(512, 8), splits.chunks())).as("fuzzed chunks").isEqualTo(whole);
        if (splits.input().length <= 2048) {
            assertThat(decode(new ChunkedDecoder(512, 8), splits.bytes())).as("byte by byte").isEqualTo(whole);
        }
    }

    private static String decode(ChunkedDecoder decoder, List<ByteBuffer> chunks) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        long offset = 0;
        long total = 0;
        for (ByteBuffer chunk : chunks) {
            total += chunk.remaining();
            try {
                boolean done = decoder.decode(chunk, d -> {
                    byte[] b = new byte[d.remaining()];
                    d.get(b);
                    body.writeBytes(b);
                });
                if (done) {
                    assertThat((long) body.size()).isLessThanOrEqualTo(total);
                    StringBuilder t = new StringBuilder();
                    decoder.trailers().forEach((n, v) -> t.append(n).append(": ").append(v).append(" | "));
                    return "done @" + (offset + chunk.position()) + " " + HexFormat.of().formatHex(body.toByteArray()) + " " + t;
                }
            } catch (Http1Exception e) {
                assertThat(e.status()).as("error status").isIn(STATUSES);
                return "error " + e.status() + " after " + body.size() + " body bytes";
            }
            offset += chunk.limit();
        }
        return "incomplete " + HexFormat.of().formatHex(body.toByteArray());
    }
}
