package dev.celeris.compliance.client;

import java.io.ByteArrayOutputStream;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The client's side of a negotiated permessage-deflate (RFC 7692 §7.2) with {@code java.util.zip}:
 * raw DEFLATE, a sync flush per message with its trailing {@code 00 00 ff ff} removed, and
 * context takeover unless the server's response ruled it out.
 */
public final class WsDeflate {

    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

    private final String response;
    private final boolean serverNoContextTakeover;
    private final boolean clientNoContextTakeover;
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final Inflater inflater = new Inflater(true);

    private WsDeflate(String response) {
        this.response = response;
        String lower = response.toLowerCase(Locale.ROOT);
        this.serverNoContextTakeover = lower.contains("server_no_context_takeover");
        this.clientNoContextTakeover = lower.contains("client_no_context_takeover");
    }

    /** The extension the server accepted in {@code Sec-WebSocket-Extensions}, or null when it declined. */
    static WsDeflate negotiated(String extensionsHeader) {
        if (extensionsHeader == null) return null;
        for (String element : extensionsHeader.split(",")) {
            if (element.split(";")[0].trim().equalsIgnoreCase("permessage-deflate")) return new WsDeflate(element.trim());
        }
        return null;
    }

    /** The accepted extension as the server wrote it, e.g. {@code permessage-deflate; client_max_window_bits=15}. */
    public String response() {
        return response;
    }

    /** One message compressed as RFC 7692 §7.2.1 says. */
    public byte[] compress(byte[] message) {
        if (clientNoContextTakeover) deflater.reset();
        deflater.setInput(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        do {
            n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
        } while (n == buf.length || !deflater.needsInput());
        byte[] all = out.toByteArray();
        return java.util.Arrays.copyOf(all, all.length - TAIL.length);
    }

    /** One compressed message inflated (RFC 7692 §7.2.2), or a failure saying why it does not inflate. */
    byte[] inflate(byte[] compressed) throws CaseFailure {
        if (serverNoContextTakeover) inflater.reset();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (byte[] in : new byte[][] {compressed, TAIL}) {
                inflater.setInput(in);
                while (!inflater.needsInput()) {
                    int n = inflater.inflate(buf);
                    if (n == 0 && (inflater.needsDictionary() || inflater.finished())) break;
                    out.write(buf, 0, n);
                }
            }
        } catch (DataFormatException e) {
            throw new CaseFailure("a compressed message that inflates", "invalid DEFLATE data: " + e.getMessage());
        }
        return out.toByteArray();
    }
}
