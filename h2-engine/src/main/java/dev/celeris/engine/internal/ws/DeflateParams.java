package dev.celeris.engine.internal.ws;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Negotiated permessage-deflate parameters (RFC 7692 §7.1) and the server's side of the
 * negotiation: the first acceptable offer in {@code Sec-WebSocket-Extensions} wins.
 *
 * <p>{@code java.util.zip.Deflater} always compresses with a 32 KiB (15-bit) window, so an
 * offer with {@code server_max_window_bits} below 15 is declined (§7.1.2.1 lets a server
 * decline what it cannot do). {@code client_max_window_bits} only tells that the client can
 * use a smaller window: the server may ask for one ({@code clientMaxWindowBits} below 15) since
 * its inflater reads any window up to 15 bits.
 *
 * @param serverNoContextTakeover the server resets its deflater after each message
 * @param clientNoContextTakeover the client resets its deflater after each message (so may we our inflater)
 * @param clientMaxWindowBits     the window the client must stay within, 8..15; 15 is the default and not sent
 * @param serverMaxWindowBits     echoed when the client sent it (always 15 here)
 */
public record DeflateParams(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
        int clientMaxWindowBits, boolean serverMaxWindowBits) {

    /**
     * Picks the first acceptable offer from the {@code Sec-WebSocket-Extensions} values.
     *
     * @param forceServerNoContextTakeover  always reset our deflater (saves 256 KiB-ish of zlib state between messages)
     * @param forceClientNoContextTakeover  ask the client to reset its deflater (so we keep no inflate window)
     * @param clientMaxWindowBits           the window we ask the client to stay within when it allows it
     * @return the accepted parameters, or null when no offer is acceptable
     */
    public static DeflateParams negotiate(List<String> headerValues, boolean forceServerNoContextTakeover,
            boolean forceClientNoContextTakeover, int clientMaxWindowBits) {
        for (String value : headerValues) {
            for (String element : value.split(",")) {
                String[] parts = element.split(";");
                if (!parts[0].trim().equalsIgnoreCase("permessage-deflate")) continue;
                DeflateParams p = accept(parts, forceServerNoContextTakeover, forceClientNoContextTakeover,
                        clientMaxWindowBits);
                if (p != null) return p;
            }
        }
        return null;
    }

    private static DeflateParams accept(String[] parts, boolean forceServer, boolean forceClient, int clientBits) {
        Set<String> seen = new HashSet<>();
        boolean serverNct = forceServer;
        boolean clientNct = forceClient;
        boolean clientBitsAllowed = false;
        boolean serverBits = false;
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim();
            if (param.isEmpty()) return null;
            int eq = param.indexOf('=');
            String name = (eq < 0 ? param : param.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            String val = eq < 0 ? null : unquote(param.substring(eq + 1).trim());
            if (!seen.add(name)) return null; // SPEC: RFC 7692 §7.1 each parameter at most once
            switch (name) {
                case "server_no_context_takeover" -> {
                    if (val != null) return null;
                    serverNct = true;
                }
                case "client_no_context_takeover" -> {
                    if (val != null) return null;
                    clientNct = true;
                }
                case "server_max_window_bits" -> {
                    int bits = bits(val);
                    if (bits != 15) return null; // invalid, or a window java.util.zip cannot keep within
                    serverBits = true;
                }
                case "client_max_window_bits" -> {
                    if (val != null && bits(val) < 0) return null;
                    clientBitsAllowed = true;
                }
                default -> {
                    return null;
                }
            }
        }
        int bits = clientBitsAllowed ? clientBits : 15;
        return new DeflateParams(serverNct, clientNct, bits, serverBits);
    }

    private static int bits(String val) {
        if (val == null || val.isEmpty() || val.length() > 2) return -1;
        for (int i = 0; i < val.length(); i++) if (val.charAt(i) < '0' || val.charAt(i) > '9') return -1;
        int v = Integer.parseInt(val);
        return v >= 8 && v <= 15 ? v : -1;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"' ? v.substring(1, v.length() - 1) : v;
    }

    /** The {@code Sec-WebSocket-Extensions} response value. */
    public String responseHeader() {
        List<String> out = new ArrayList<>(5);
        out.add("permessage-deflate");
        if (serverNoContextTakeover) out.add("server_no_context_takeover");
        if (clientNoContextTakeover) out.add("client_no_context_takeover");
        if (serverMaxWindowBits) out.add("server_max_window_bits=15");
        if (clientMaxWindowBits < 15) out.add("client_max_window_bits=" + clientMaxWindowBits);
        return String.join("; ", out);
    }
}
