package dev.celeris.router.json;

/** Malformed JSON or a value the codec cannot map; the message is the parser's. */
public class JsonException extends RuntimeException {

    public JsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
