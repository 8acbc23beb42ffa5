package dev.celeris.router;

/** The server could not start, e.g. the address is in use; the message names transport and address. */
public class ServerStartException extends RuntimeException {

    public ServerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
