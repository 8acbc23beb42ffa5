package dev.celeris.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test method of a {@link CelerisTest} class once per transport — every one on the
 * class path ({@code memory}, {@code nio}, {@code netty}, {@code jetty}...) unless
 * {@link #value()} names some — with a {@link TestClient} for that transport's server.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(EveryTransportExtension.class)
public @interface EveryTransport {

    /** The transports to run on; empty (default) means all available. */
    String[] value() default {};
}
