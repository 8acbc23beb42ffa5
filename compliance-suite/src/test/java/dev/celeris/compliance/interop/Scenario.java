package dev.celeris.compliance.interop;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The three exchanges every client performs against every transport (demo routes). */
public enum Scenario {
    /** {@code GET /}: "Hello, Celeris!". */
    GET("GET /"),
    /** {@code POST /echo} with a 1 MiB JSON body, echoed back. */
    POST_1MIB("POST 1 MiB"),
    /** {@code GET /download?bytes=10485760}: 10 MiB streamed. */
    DOWNLOAD_10MIB("GET 10 MiB");

    public static final int POST_SIZE = 1 << 20;
    public static final int DOWNLOAD_SIZE = 10 << 20;
    public static final String HELLO = "Hello, Celeris!";

    private final String label;

    Scenario(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String path() {
        return switch (this) {
            case GET -> "/";
            case POST_1MIB -> "/echo";
            case DOWNLOAD_10MIB -> "/download?bytes=" + DOWNLOAD_SIZE;
        };
    }

    /** The 1 MiB JSON document posted: {@code {"data":"aaaa..."}} of exactly POST_SIZE bytes. */
    public static byte[] postBody() {
        String head = "{\"data\":\"";
        String tail = "\"}";
        return (head + "a".repeat(POST_SIZE - head.length() - tail.length()) + tail).getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether {@code body} is what the server must return for this scenario. */
    public boolean accepts(byte[] body) {
        return switch (this) {
            case GET -> new String(body, StandardCharsets.UTF_8).equals(HELLO);
            case POST_1MIB -> Arrays.equals(body, postBody());
            case DOWNLOAD_10MIB -> body.length == DOWNLOAD_SIZE && body[0] == 'a' && body[25] == 'z' && body[26] == 'a'
                    && body[DOWNLOAD_SIZE - 1] == (byte) ('a' + (DOWNLOAD_SIZE - 1) % (16 * 1024) % 26);
        };
    }
}
