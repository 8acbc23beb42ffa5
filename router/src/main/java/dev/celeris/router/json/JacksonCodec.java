package dev.celeris.router.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** {@link JsonCodec} over a Jackson 3 {@link ObjectMapper} (thread-safe once built). */
public final class JacksonCodec implements JsonCodec {

    private static final JacksonCodec DEFAULT = new JacksonCodec(JsonMapper.builder().build());

    private final ObjectMapper mapper;

    private JacksonCodec(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** A codec over a default {@link JsonMapper} (shared instance). */
    public static JacksonCodec create() {
        return DEFAULT;
    }

    /** A codec over {@code mapper}, e.g. one with your modules and features. */
    public static JacksonCodec of(ObjectMapper mapper) {
        return new JacksonCodec(mapper);
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    @Override
    public byte[] encode(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new JsonException(e.getOriginalMessage(), e);
        }
    }

    @Override
    public <T> T decode(byte[] json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JacksonException e) {
            throw new JsonException(describe(e), e);
        }
    }

    @Override
    public void encode(Object value, OutputStream out) throws IOException {
        try {
            mapper.writeValue(out, value);
        } catch (JacksonException e) {
            throw new JsonException(e.getOriginalMessage(), e);
        }
    }

    @Override
    public <T> T decode(InputStream in, Class<T> type) throws IOException {
        try {
            return mapper.readValue(in, type);
        } catch (JacksonException e) {
            throw new JsonException(describe(e), e);
        }
    }

    /** The parser's message with its location (line/column), without the source excerpt. */
    private static String describe(JacksonException e) {
        String msg = e.getOriginalMessage();
        var loc = e.getLocation();
        if (loc != null && loc.getLineNr() > 0) {
            msg = msg + " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
        }
        return msg;
    }
}
