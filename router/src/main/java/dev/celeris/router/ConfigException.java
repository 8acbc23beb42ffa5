package dev.celeris.router;

/**
 * A configuration key that is unknown or has a bad value, from a file, the environment or a map
 * given to {@link ServerBuilder#config}. The message names the key, the value and where it came
 * from; {@link #key()} returns the key.
 */
public final class ConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public ConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    public ConfigException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    /** The offending key, e.g. {@code http2.maxConcurrentStreams}. */
    public String key() {
        return key;
    }
}
