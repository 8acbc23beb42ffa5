package dev.celeris.engine.internal.h1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChunkedDecoderTest {

    private static final String BODY = "5\r\nhello\r\n1;name=value;x=\"q\"\r\n \r\nA\r\n0123456789\r\n0\r\nX-Sum: 9\r\nX-Other: o\r\n\r\n";

    /** Decodes {@code input} split at {@code cuts}; returns body and what follows the message. */
    private static String[] decode(ChunkedDecoder d, byte[] input, int[] cuts) throws Http1Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int start = 0;
        boolean done = false;
        String rest = "";
        for (int i = 0; i <= cuts.length && !done; i++) {
            int end = i < cuts.length ? cuts[i] : input.length;
            ByteBuffer chunk = ByteBuffer.wrap(input, start, end - start);
            done = d.decode(chunk, data -> {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                body.writeBytes(b);
            });
            if (done) rest = new String(input, chunk.position(), input.length - chunk.position(), StandardCharsets.ISO_8859_1);
            start = end;
        }
        assertThat(done).isTrue();
        return new String[] {body.toString(StandardCharsets.ISO_8859_1), rest};
    }

    @Test
    void decodesWholeByteByByteRandomlySplitAndTwiceInARow() throws Exception {
        byte[] input = (BODY + "NEXT").getBytes(StandardCharsets.ISO_8859_1);
        Random random = new Random(3);
        ChunkedDecoder d = new ChunkedDecoder(8192, 100);
        for (int round = 0; round < 300; round++) {
            int[] cuts;
            if (round == 0) {
                cuts = new int[0];
            } else if (round == 1) {
                cuts = new int[input.length - 1];
                for (int i = 0; i < cuts.length; i++) cuts[i] = i + 1;
            } else {
                cuts = random.ints(random.nextInt(15), 1, input.length).sorted().distinct().toArray();
            }
            d.reset();
            String[] result = decode(d, input, cuts);
            assertThat(result[0]).isEqualTo("hello 0123456789");
            assertThat(result[1]).isEqualTo("NEXT");
            assertThat(d.trailers().get("x-sum")).isEqualTo("9");
            assertThat(d.trailers().get("x-other")).isEqualTo("o");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no size|\\r\\nabc\\r\\n0\\r\\n\\r\\n|400",
        "negative size|-1\\r\\nabc\\r\\n0\\r\\n\\r\\n|400",
        "size with 0x|0x3\\r\\nabc\\r\\n0\\r\\n\\r\\n|400",
        "space in size|1 2\\r\\nab\\r\\n0\\r\\n\\r\\n|400",
        "bare LF after size|3\\nabc\\r\\n0\\r\\n\\r\\n|400",
        "data longer than size|3\\r\\nabcd\\r\\n0\\r\\n\\r\\n|400",
        "missing CRLF after data|3\\r\\nabc0\\r\\n\\r\\n|400",
        "overflowing size|fffffffffffffffff\\r\\n|400",
        "control char in extension|3;a=\u0001\\r\\nabc\\r\\n0\\r\\n\\r\\n|400",
        "trailer obs-fold|0\\r\\nX: a\\r\\n b\\r\\n\\r\\n|400",
        "trailer space before colon|0\\r\\nX : a\\r\\n\\r\\n|400",
        "bare LF in trailer|0\\r\\nX: a\\n\\r\\n|400",
    })
    void rejectsMalformedChunking(String name, String input, int status) {
        String real = input.replace("\\r", "\r").replace("\\n", "\n");
        assertThatThrownBy(() -> decode(new ChunkedDecoder(8192, 100), real.getBytes(StandardCharsets.ISO_8859_1), new int[0]))
                .isInstanceOfSatisfying(Http1Exception.class, e -> assertThat(e.status()).as(name).isEqualTo(status));
    }

    @Test
    void trailerLimitsApply() {
        String many = "0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n";
        assertThatThrownBy(() -> decode(new ChunkedDecoder(8192, 2), many.getBytes(StandardCharsets.ISO_8859_1), new int[0]))
                .isInstanceOfSatisfying(Http1Exception.class, e -> assertThat(e.status()).isEqualTo(431));
        String big = "0\r\nA: " + "v".repeat(200) + "\r\n\r\n";
        assertThatThrownBy(() -> decode(new ChunkedDecoder(64, 100), big.getBytes(StandardCharsets.ISO_8859_1), new int[0]))
                .isInstanceOfSatisfying(Http1Exception.class, e -> assertThat(e.status()).isEqualTo(431));
        String longExtension = "1;" + "e".repeat(ChunkedDecoder.MAX_CHUNK_LINE) + "\r\na\r\n0\r\n\r\n";
        assertThatThrownBy(() -> decode(new ChunkedDecoder(8192, 100), longExtension.getBytes(StandardCharsets.ISO_8859_1), new int[0]))
                .isInstanceOfSatisfying(Http1Exception.class, e -> assertThat(e.status()).isEqualTo(400));
    }
}
