package dev.celeris.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class whose methods get a {@link TestClient} (or the running {@link dev.celeris.router.Server})
 * as a parameter, talking to the app its {@link CelerisApp} method builds, started once per class
 * on 127.0.0.1, an ephemeral port and {@link #transport()} ({@code memory} by default: no socket).
 * Methods annotated {@link EveryTransport} run once per transport instead.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(CelerisExtension.class)
public @interface CelerisTest {

    /** The transport for {@code @Test} methods: {@code memory} (default), {@code nio}, {@code netty}, {@code jetty}. */
    String transport() default "memory";

    /**
     * Configuration keys for the app's servers, {@code "key=value"} each (the keys of
     * docs/configuration.md), e.g. {@code "http1.maxRequestLineLength=64"}. An unknown key or bad
     * value fails the class naming it. The environment is not read: tests stay reproducible.
     */
    String[] config() default {};
}
