package dev.celeris.compliance.cases;

import static dev.celeris.compliance.CaseContext.expect;
import static dev.celeris.compliance.client.H2.*;

import dev.celeris.compliance.CaseContext;
import dev.celeris.compliance.ComplianceCase;
import dev.celeris.compliance.client.Frames;
import dev.celeris.compliance.client.HeaderBlock;
import dev.celeris.compliance.client.RawClient;
import java.util.List;

/**
 * The "hpack" group: RFC 7541 decoding errors a server must turn into a connection error of
 * type COMPRESSION_ERROR (RFC 9113 §4.3), and dynamic-table behaviour it must get right.
 * Huffman fixtures use codes from RFC 7541 Appendix B: 'a' is {@code 00011} (5 bits).
 */
public final class HpackCases {

    private HpackCases() {
    }

    public static List<ComplianceCase> cases() {
        CaseList c = new CaseList("hpack");
        c.section("RFC 7541", "2.3.3")
                .add("Sends an indexed field representation with an invalid index", "Indices strictly greater than the sum of the lengths of both tables MUST be treated as a decoding error",
                        ctx -> error(ctx, HeaderBlock.create().indexed(70)))
                .add("Sends a literal field representation with an invalid name index", "Indices strictly greater than the sum of the lengths of both tables MUST be treated as a decoding error",
                        ctx -> error(ctx, HeaderBlock.create().literalIndexedName(70, "x", false)));
        c.section("RFC 7541", "4.2")
                .add("Sends a dynamic table size update at the end of a field block", "This dynamic table size update MUST occur at the beginning of the first field block following the change to the dynamic table size",
                        ctx -> errorAfterRequest(ctx, HeaderBlock.create().tableSizeUpdate(0)))
                .add("Sends a size update to 0, then references an evicted entry", "A change in the maximum size of the dynamic table ... causes entries to be evicted",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, HeaderBlock.create().raw(ctx.get()).incrementalNewName("x-h2check", "one", false).bytes()));
                            expect(cl).response(1);
                            cl.send(Frames.headers(3, FLAG_END_HEADERS | FLAG_END_STREAM, HeaderBlock.create().tableSizeUpdate(0).raw(ctx.get()).indexed(62).bytes()));
                            expect(cl).connectionError(COMPRESSION_ERROR); });
        c.section("RFC 7541", "4.2")
                .add("Sets SETTINGS_HEADER_TABLE_SIZE to 0: the server's next field block starts with a size update", "This dynamic table size update MUST occur at the beginning of the first field block following the change to the dynamic table size",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()));
                            expect(cl).streamEnd(1);
                            cl.sendSettings(SETTINGS_HEADER_TABLE_SIZE, 0);
                            expect(cl).settingsAck();
                            for (int stream = 3; stream <= 5; stream += 2) {
                                cl.send(Frames.headers(stream, FLAG_END_HEADERS | FLAG_END_STREAM, ctx.get()));
                                expect(cl).response(stream); // decoded with a table limited to 0: fails without the update
                            } });
        c.section("RFC 7541", "4.4")
                .add("Sends an entry larger than the dynamic table", "an attempt to add an entry larger than the maximum size causes the table to be emptied of all existing entries and results in an empty table",
                        ctx -> GenericCases.get(ctx, Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM,
                                HeaderBlock.create().raw(ctx.get()).incrementalNewName("x-h2check", "x".repeat(4100), false).bytes())));
        c.section("RFC 7541", "2.3.2")
                .add("References a dynamic table entry added by an earlier field block", "The dynamic table ... is maintained by the decoder ... across field blocks of a connection",
                        ctx -> { RawClient cl = ctx.connect();
                            cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, HeaderBlock.create().raw(ctx.get()).incrementalNewName("x-h2check", "one", false).bytes()));
                            expect(cl).response(1);
                            cl.send(Frames.headers(3, FLAG_END_HEADERS | FLAG_END_STREAM, HeaderBlock.create().raw(ctx.get()).indexed(62).bytes()));
                            expect(cl).response(3); });
        c.section("RFC 7541", "5.1")
                .add("Sends an integer that overflows", "Integer encodings that exceed implementation limits -- in value or octet length -- MUST be treated as decoding errors",
                        ctx -> error(ctx, HeaderBlock.create().raw(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f)));
        c.section("RFC 7541", "5.2")
                .add("Sends a Huffman-encoded string literal with padding longer than 7 bits", "A padding strictly longer than 7 bits MUST be treated as a decoding error",
                        ctx -> error(ctx, HeaderBlock.create().raw(0x00, 0x82, 0x1f, 0xff, 0x01, 'a')))
                .add("Sends a Huffman-encoded string literal padded by zeros", "A padding not corresponding to the most significant bits of the code for the EOS symbol MUST be treated as a decoding error",
                        ctx -> error(ctx, HeaderBlock.create().raw(0x00, 0x81, 0x18, 0x01, 'a')))
                .add("Sends a Huffman-encoded string literal containing the EOS symbol", "A Huffman-encoded string literal containing the EOS symbol MUST be treated as a decoding error",
                        ctx -> error(ctx, HeaderBlock.create().raw(0x00, 0x84, 0xff, 0xff, 0xff, 0xff, 0x01, 'a')))
                .add("Sends a string literal longer than the field block", "A decoding error in a field block MUST be treated as a connection error of type COMPRESSION_ERROR (RFC 9113 §4.3)",
                        ctx -> errorAfterRequest(ctx, HeaderBlock.create().raw(0x00, 0x05, 'a', 'b')));
        c.section("RFC 7541", "6.1")
                .add("Sends an indexed field representation with index 0", "The index value of 0 is not used. It MUST be treated as a decoding error if found in an indexed header field representation",
                        ctx -> error(ctx, HeaderBlock.create().indexed(0)));
        c.section("RFC 7541", "6.3")
                .add("Sends a dynamic table size update larger than SETTINGS_HEADER_TABLE_SIZE", "The new maximum size MUST be lower than or equal to the limit determined by the protocol using HPACK",
                        ctx -> { RawClient cl = ctx.connect();
                            long limit = cl.serverSetting(SETTINGS_HEADER_TABLE_SIZE, 4096);
                            cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, HeaderBlock.create().tableSizeUpdate((int) limit + 1).raw(ctx.get()).bytes()));
                            expect(cl).connectionError(COMPRESSION_ERROR); });
        return c.sorted();
    }

    /** A GET whose block starts with {@code bad}; expects COMPRESSION_ERROR. */
    private static void error(CaseContext ctx, HeaderBlock bad) throws Exception {
        RawClient cl = ctx.connect();
        cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, HeaderBlock.create().raw(bad.bytes()).raw(ctx.get()).bytes()));
        expect(cl).connectionError(COMPRESSION_ERROR);
    }

    /** A GET whose block ends with {@code bad}; expects COMPRESSION_ERROR. */
    private static void errorAfterRequest(CaseContext ctx, HeaderBlock bad) throws Exception {
        RawClient cl = ctx.connect();
        cl.send(Frames.headers(1, FLAG_END_HEADERS | FLAG_END_STREAM, HeaderBlock.create().raw(ctx.get()).raw(bad.bytes()).bytes()));
        expect(cl).connectionError(COMPRESSION_ERROR);
    }
}
