package dev.celeris.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.spi.Connection;
import dev.celeris.spi.ConnectionHandler;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * The observing wrapper sits between every transport and the engine when an observer is set,
 * so it must pass every {@link Connection} and {@link ConnectionHandler} method through: a
 * default method it inherited instead (say a new {@code Connection.tlsSession()}) would hide
 * the transport's answer from the engine only when someone observes.
 */
class ObservedConnectionTest {

    @Test
    void everyConnectionAndHandlerMethodIsForwarded() throws Exception {
        for (Class<?> api : new Class<?>[] {Connection.class, ConnectionHandler.class}) {
            for (Method m : api.getMethods()) {
                if (java.lang.reflect.Modifier.isStatic(m.getModifiers())) continue;
                Method impl = ObservedConnection.class.getMethod(m.getName(), m.getParameterTypes());
                assertThat(impl.getDeclaringClass()).as(api.getSimpleName() + "." + m.getName())
                        .isEqualTo(ObservedConnection.class);
            }
        }
    }
}
