package dev.celeris.router.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * How the router turns objects into JSON and back. The default is {@link JacksonCodec}
 * (Jackson 3); plug another library with {@code router.jsonCodec(myCodec)}.
 *
 * <p>Implementations are thread-safe and report malformed input or unmappable values with a
 * {@link JsonException} whose message is the parser's (the router answers it with 400).
 */
public interface JsonCodec {

    /** Serialises {@code value} to UTF-8 JSON. */
    byte[] encode(Object value);

    /** Parses {@code json} into {@code type}. */
    <T> T decode(byte[] json, Class<T> type);

    /** Serialises {@code value} to {@code out} (default: {@link #encode} then write). */
    default void encode(Object value, OutputStream out) throws IOException {
        out.write(encode(value));
    }

    /** Parses JSON read from {@code in} (default: read all, then {@link #decode(byte[], Class)}). */
    default <T> T decode(InputStream in, Class<T> type) throws IOException {
        return decode(in.readAllBytes(), type);
    }

    /** The default codec: Jackson 3 with its default settings. */
    static JsonCodec jackson() {
        return JacksonCodec.create();
    }
}
