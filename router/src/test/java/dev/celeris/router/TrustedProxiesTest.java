package dev.celeris.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeris.router.middleware.RateLimit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Forwarded / X-Forwarded-* are believed only from trusted proxy networks. */
class TrustedProxiesTest {

    private static Router echo(String... trusted) {
        Router r = Router.create();
        if (trusted.length > 0) r.trustProxies(trusted);
        r.get("/who", ctx -> ctx.string(ctx.clientIp() + " " + ctx.scheme() + " " + ctx.host()));
        return r;
    }

    private static String who(Router r, FakeRequest request) throws Exception {
        return Calls.call(r, request).bodyText();
    }

    private static FakeRequest get() {
        return FakeRequest.of("GET", "/who");
    }

    @Test
    void spoofedHeadersFromAnUntrustedPeerAreIgnored() throws Exception {
        FakeRequest spoof = get().remote("203.0.113.50").header("x-forwarded-for", "1.1.1.1")
                .header("x-forwarded-proto", "https").header("x-forwarded-host", "bank.example")
                .header("forwarded", "for=1.1.1.1;proto=https;host=bank.example");
        assertThat(who(echo(), spoof)).as("nothing trusted by default").isEqualTo("203.0.113.50 http localhost");
        assertThat(who(echo("10.0.0.0/8"), spoof)).as("peer outside the trusted networks").isEqualTo("203.0.113.50 http localhost");
    }

    @Test
    void xForwardedFromATrustedProxy() throws Exception {
        Router r = echo("10.0.0.0/8");
        FakeRequest viaProxy = get().remote("10.1.2.3").header("x-forwarded-for", "198.51.100.7")
                .header("x-forwarded-proto", "https").header("x-forwarded-host", "api.example:8443");
        assertThat(who(r, viaProxy)).isEqualTo("198.51.100.7 https api.example:8443");
    }

    @Test
    void theClientIsTheFirstUntrustedHopFromTheRight() throws Exception {
        Router r = echo("10.0.0.0/8", "192.168.0.1");
        // The client wrote "6.6.6.6" itself; 198.51.100.7 connected to our first proxy, 192.168.0.1 relayed.
        FakeRequest chain = get().remote("10.0.0.9").header("x-forwarded-for", "6.6.6.6, 198.51.100.7")
                .header("x-forwarded-for", "192.168.0.1");
        assertThat(who(r, chain)).startsWith("198.51.100.7 ");
        FakeRequest allTrusted = get().remote("10.0.0.9").header("x-forwarded-for", "10.9.9.9, 192.168.0.1");
        assertThat(who(r, allTrusted)).startsWith("10.9.9.9 ");
        FakeRequest garbage = get().remote("10.0.0.9").header("x-forwarded-for", "6.6.6.6, evil.example");
        assertThat(who(r, garbage)).as("a name is never resolved nor believed").startsWith("10.0.0.9 ");
    }

    @Test
    void rfc7239ForwardedWinsOverXForwarded() throws Exception {
        Router r = echo("127.0.0.1", "::1");
        FakeRequest f = get().remote("127.0.0.1")
                .header("forwarded", "for=\"[2001:db8:cafe::17]:4711\";proto=https;host=\"shop.example\", for=127.0.0.1;proto=http")
                .header("x-forwarded-for", "9.9.9.9");
        assertThat(who(r, f)).isEqualTo("2001:db8:cafe:0:0:0:0:17 https shop.example");
        FakeRequest spoofedLeft = get().remote("::1")
                .header("forwarded", "for=1.1.1.1;proto=https, for=192.0.2.60;proto=http;by=203.0.113.43");
        assertThat(who(r, spoofedLeft)).as("the element our proxy added decides").isEqualTo("192.0.2.60 http localhost");
        FakeRequest obfuscated = get().remote("127.0.0.1").header("forwarded", "for=_hidden;proto=https");
        assertThat(who(r, obfuscated)).as("an obfuscated node ends the chain").isEqualTo("127.0.0.1 http localhost");
        FakeRequest malformed = get().remote("127.0.0.1").header("forwarded", "for=\"1.2.3.4;proto=https");
        assertThat(who(r, malformed)).isEqualTo("127.0.0.1 http localhost");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "javascript       | localhost  | scheme other than http/https ignored",
            "https            | evil host  | host with a space ignored",
            "HTTPS            | a.example  | scheme case-folded",
    })
    void malformedSchemeOrHostIsIgnored(String proto, String host, String why) throws Exception {
        Router r = echo("10.0.0.0/8");
        String out = who(r, get().remote("10.0.0.1").header("x-forwarded-proto", proto).header("x-forwarded-host", host));
        String scheme = proto.equalsIgnoreCase("https") ? "https" : "http";
        String expectedHost = host.contains(" ") ? "localhost" : host;
        assertThat(out).as(why).isEqualTo("10.0.0.1 " + scheme + " " + expectedHost);
    }

    @Test
    void ipv4MappedPeersAndPrefixesMatch() throws Exception {
        assertThat(who(echo("10.0.0.0/8"), get().remote("::ffff:10.1.1.1").header("x-forwarded-for", "8.8.4.4"))).startsWith("8.8.4.4 ");
        assertThat(who(echo("10.128.0.0/9"), get().remote("10.127.255.255").header("x-forwarded-for", "8.8.4.4"))).startsWith("10.127.255.255 ");
        assertThat(who(echo("2001:db8::/32"), get().remote("2001:db8:1::1").header("x-forwarded-for", "8.8.4.4"))).startsWith("8.8.4.4 ");
    }

    @Test
    void badNetworksFailAtConfiguration() {
        assertThatThrownBy(() -> Router.create().trustProxies("10.0.0.0/33")).hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> Router.create().trustProxies("proxy.internal")).hasMessageContaining("proxy.internal");
        assertThatThrownBy(() -> Router.create().trustProxies("1.2.3")).hasMessageContaining("1.2.3");
        Router frozen = Router.create().freeze();
        assertThatThrownBy(() -> frozen.trustProxies("10.0.0.0/8")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rateLimitIsKeyedByTheForwardedClientOnlyFromTrustedProxies() throws Exception {
        AtomicLong now = new AtomicLong();
        Router trusting = Router.create().trustProxies("10.0.0.0/8");
        trusting.use(RateLimit.builder().rate(1).burst(1).clock(now::get).build());
        trusting.get("/", ctx -> ctx.string("ok"));
        // Two clients behind one proxy: each gets its own bucket.
        assertThat(Calls.call(trusting, FakeRequest.of("GET", "/").remote("10.0.0.1").header("x-forwarded-for", "1.1.1.1")).status()).isEqualTo(200);
        assertThat(Calls.call(trusting, FakeRequest.of("GET", "/").remote("10.0.0.1").header("x-forwarded-for", "2.2.2.2")).status()).isEqualTo(200);
        assertThat(Calls.call(trusting, FakeRequest.of("GET", "/").remote("10.0.0.1").header("x-forwarded-for", "1.1.1.1")).status()).isEqualTo(429);

        Router plain = Router.create();
        plain.use(RateLimit.builder().rate(1).burst(1).clock(now::get).build());
        plain.get("/", ctx -> ctx.string("ok"));
        // An untrusted client rotating X-Forwarded-For still has one bucket.
        assertThat(Calls.call(plain, FakeRequest.of("GET", "/").remote("203.0.113.5").header("x-forwarded-for", "1.1.1.1")).status()).isEqualTo(200);
        assertThat(Calls.call(plain, FakeRequest.of("GET", "/").remote("203.0.113.5").header("x-forwarded-for", "2.2.2.2")).status()).isEqualTo(429);
    }
}
