package dev.celeris.engine.internal.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The incremental validator agrees with the JDK's strict decoder, whole and split at every byte. */
class Utf8ValidatorTest {

    private static boolean jdkValid(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean whole(byte[] b) {
        Utf8Validator v = new Utf8Validator();
        return v.feed(b, 0, b.length) && v.isComplete();
    }

    private static boolean byteByByte(byte[] b) {
        Utf8Validator v = new Utf8Validator();
        for (byte x : b) if (!v.feed(new byte[] {x}, 0, 1)) return false;
        return v.isComplete();
    }

    @Test
    void agreesWithTheJdkOnRandomAndEdgeInput() {
        Random random = new Random(42);
        int[] interesting = {0x00, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x9F, 0xA0, 0x8F, 0x90};
        for (int i = 0; i < 100_000; i++) {
            byte[] b = new byte[1 + random.nextInt(6)];
            for (int j = 0; j < b.length; j++) b[j] = (byte) interesting[random.nextInt(interesting.length)];
            boolean expected = jdkValid(b);
            assertThat(whole(b)).as("%s", java.util.HexFormat.of().formatHex(b)).isEqualTo(expected);
            assertThat(byteByByte(b)).isEqualTo(expected);
        }
        byte[] all = "κόσμε ☃ 𝄞 \u0000 \uFFFF".getBytes(StandardCharsets.UTF_8);
        assertThat(whole(all)).isTrue();
        assertThat(byteByByte(all)).isTrue();
        Utf8Validator v = new Utf8Validator();
        assertThat(v.feed(java.nio.ByteBuffer.wrap(all).asReadOnlyBuffer())).isTrue();
    }
}
