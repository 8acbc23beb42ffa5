package dev.celeris.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeris.router.Server;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The demo's {@code --proxy-protocol} and {@code --trusted-proxies} flags, and {@code GET /whoami}. */
@Timeout(60)
class DemoProxiesTest {

    private static Server start(String... flags) {
        String[] args = new String[flags.length + 4];
        System.arraycopy(new String[] {"--host", "127.0.0.1", "--port", "0"}, 0, args, 0, 4);
        System.arraycopy(flags, 0, args, 4, flags.length);
        return DemoApp.start(DemoApp.Options.parse(args), Map.of());
    }

    private static String whoami(Server server, String prefix, String extraHeader) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write((prefix + "GET /whoami HTTP/1.1\r\nhost: demo.local\r\nconnection: close\r\n"
                    + extraHeader + "\r\n").getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                s.getInputStream().transferTo(out);
            } catch (java.net.SocketException reset) {
                // closed abortively
            }
            String text = out.toString(StandardCharsets.US_ASCII);
            int body = text.indexOf("\r\n\r\n");
            return body < 0 ? text : text.substring(body + 4);
        }
    }

    @Test
    void withoutFlagsTheConnectionsPeerIsTheClientAndHeadersAreIgnored() throws Exception {
        try (Server server = start()) {
            assertThat(whoami(server, "", "x-forwarded-for: 6.6.6.6\r\nx-forwarded-proto: https\r\n"))
                    .isEqualTo("{\"client_ip\":\"127.0.0.1\",\"scheme\":\"http\",\"host\":\"demo.local\"}");
        }
    }

    @Test
    void trustedProxiesFlagBelievesForwardedHeadersFromThoseNetworks() throws Exception {
        try (Server server = start("--trusted-proxies", "127.0.0.0/8")) {
            assertThat(whoami(server, "", "x-forwarded-for: 198.51.100.4\r\nx-forwarded-proto: https\r\nx-forwarded-host: shop.example\r\n"))
                    .isEqualTo("{\"client_ip\":\"198.51.100.4\",\"scheme\":\"https\",\"host\":\"shop.example\"}");
        }
    }

    @Test
    void proxyProtocolFlagExpectsTheHeader() throws Exception {
        try (Server server = start("--proxy-protocol", "v1")) {
            assertThat(whoami(server, "PROXY TCP4 192.0.2.33 127.0.0.1 5555 80\r\n", ""))
                    .isEqualTo("{\"client_ip\":\"192.0.2.33\",\"scheme\":\"http\",\"host\":\"demo.local\"}");
            assertThat(whoami(server, "", "")).as("no header: closed unanswered").isEmpty();
        }
        assertThatThrownBy(() -> start("--proxy-protocol", "v3")).hasMessageContaining("v1, v2 or v1,v2, not 'v3'");
    }
}
