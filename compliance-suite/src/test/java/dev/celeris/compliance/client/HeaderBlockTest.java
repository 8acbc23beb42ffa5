package dev.celeris.compliance.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2Headers;
import org.junit.jupiter.api.Test;

/** The hand-built blocks decode, with Netty's decoder, to exactly the fields asked for. */
class HeaderBlockTest {

    private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);

    private Http2Headers decode(HeaderBlock b) throws Exception {
        return decoder.decodeHeaders(1, Unpooled.wrappedBuffer(b.bytes()));
    }

    @Test
    void everyRepresentationDecodes() throws Exception {
        Http2Headers h = decode(HeaderBlock.create()
                .indexed(2)                                        // :method GET
                .literal(":path", "/")
                .incrementalIndexedName(58, "agent-1", true)       // user-agent
                .incrementalNewName("x-a", "one", false)
                .literalIndexedName(1, "example.com", true)        // :authority
                .literalNewName("x-b", "two", true)
                .neverIndexedIndexedName(32, "c=d", false)         // cookie
                .neverIndexedNewName("x-c", "three", true));
        assertThat(h.method().toString()).isEqualTo("GET");
        assertThat(h.path().toString()).isEqualTo("/");
        assertThat(h.authority().toString()).isEqualTo("example.com");
        assertThat(h.get("user-agent").toString()).isEqualTo("agent-1");
        assertThat(h.get("x-a").toString()).isEqualTo("one");
        assertThat(h.get("x-b").toString()).isEqualTo("two");
        assertThat(h.get("cookie").toString()).isEqualTo("c=d");
        assertThat(h.get("x-c").toString()).isEqualTo("three");
    }

    @Test
    void incrementalIndexingFillsTheDynamicTable() throws Exception {
        decode(HeaderBlock.create().incrementalNewName("x-kept", "v", false));
        assertThat(decode(HeaderBlock.create().indexed(62)).get("x-kept").toString()).isEqualTo("v");
    }

    @Test
    void largeIntegersUseContinuationBytes() {
        // RFC 7541 C.1.2: 1337 with a 5-bit prefix is 1f 9a 0a
        assertThat(HeaderBlock.create().tableSizeUpdate(1337).bytes()).containsExactly(0x3f, 0x9a, 0x0a);
        assertThat(HeaderBlock.create().indexed(127).bytes()).containsExactly(0xff, 0x00);
    }

    @Test
    void huffmanMatchesRfc7541AppendixC() {
        // RFC 7541 C.4.1: "www.example.com" Huffman-coded
        assertThat(Huffman.encode("www.example.com")).containsExactly(
                0xf1, 0xe3, 0xc2, 0xe5, 0xf2, 0x3a, 0x6b, 0xa0, 0xab, 0x90, 0xf4, 0xff);
        assertThat(Huffman.encode("a")).containsExactly(0x1f); // 00011 + EOS-prefix padding
    }
}
