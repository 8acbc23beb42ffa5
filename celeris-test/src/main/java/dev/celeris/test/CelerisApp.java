package dev.celeris.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method of a {@link CelerisTest} class that builds the app under test: no
 * parameters, returns a {@link dev.celeris.router.Router}; preferably {@code static}, since the
 * server it runs on is shared by every test of the class.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface CelerisApp {
}
