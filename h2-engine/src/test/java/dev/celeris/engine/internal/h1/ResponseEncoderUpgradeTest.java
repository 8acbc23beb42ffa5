package dev.celeris.engine.internal.h1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.Headers;
import dev.celeris.engine.internal.h1.ResponseEncoder.BodyFraming;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The {@code upgrade} header is the connection's, except on a 426 that must name the protocol (RFC 9110 §15.5.22). */
class ResponseEncoderUpgradeTest {

    private static String head(int status, String connection) {
        ByteBuffer b = ResponseEncoder.encodeHead(status, Headers.of("upgrade", "websocket", "x-other", "1"), BodyFraming.LENGTH, 0, connection, 0);
        b.flip();
        return StandardCharsets.ISO_8859_1.decode(b).toString();
    }

    @Test
    void a426CarriesUpgradeAndTheUpgradeConnectionOption() {
        // SPEC: RFC 9110 §15.5.22 a server that sends 426 MUST send an Upgrade header field; §7.8 with the "upgrade" connection option.
        assertThat(head(426, null)).startsWith("HTTP/1.1 426 ").contains("upgrade: websocket\r\n", "connection: upgrade\r\n", "x-other: 1\r\n")
                .endsWith("\r\n\r\n");
        assertThat(head(426, "close")).contains("upgrade: websocket\r\n", "connection: upgrade, close\r\n").doesNotContain("connection: close");
        assertThat(head(426, "keep-alive")).contains("connection: upgrade, keep-alive\r\n");
    }

    @Test
    void otherStatusesNeverCopyTheApplicationsUpgrade() {
        for (int status : new int[] {200, 400, 404, 500}) {
            assertThat(head(status, null)).doesNotContain("upgrade").contains("x-other: 1\r\n");
            assertThat(head(status, "close")).doesNotContain("upgrade").contains("connection: close\r\n");
        }
    }

    @Test
    void a426WithoutUpgradeHasNoConnectionOption() {
        ByteBuffer b = ResponseEncoder.encodeHead(426, Headers.of("x-other", "1"), BodyFraming.LENGTH, 0, null, 0);
        b.flip();
        assertThat(StandardCharsets.ISO_8859_1.decode(b).toString()).doesNotContain("connection").doesNotContain("upgrade");
    }
}
