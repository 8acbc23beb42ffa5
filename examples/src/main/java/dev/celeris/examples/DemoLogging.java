package dev.celeris.examples;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The demo's console logging: System.Logger and SLF4J (Netty, Jetty) both end in
 * java.util.logging; this prints one line per record and keeps Jetty's start-up banner out.
 * A {@code -Djava.util.logging.config.file} or an explicit format property wins.
 */
final class DemoLogging {

    private static final String FORMAT = "java.util.logging.SimpleFormatter.format";
    /** Held so the level is not lost when the logger is garbage-collected. */
    private static Logger jetty;

    private DemoLogging() {
    }

    static void configure() {
        if (System.getProperty("java.util.logging.config.file") != null) return;
        if (System.getProperty(FORMAT) == null) System.setProperty(FORMAT, "%4$s %3$s: %5$s%6$s%n");
        jetty = Logger.getLogger("org.eclipse.jetty");
        jetty.setLevel(Level.WARNING);
    }
}
