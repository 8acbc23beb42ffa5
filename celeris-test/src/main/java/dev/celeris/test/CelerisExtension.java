package dev.celeris.test;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Resolves {@link TestClient} and {@code Server} parameters of {@link CelerisTest} classes' {@code @Test} methods. */
final class CelerisExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        boolean template = context.getTestMethod().map(m -> m.isAnnotationPresent(EveryTransport.class)).orElse(false);
        return !template && AppServers.resolvable(parameter);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        String transport = context.getRequiredTestClass().isAnnotationPresent(CelerisTest.class)
                ? context.getRequiredTestClass().getAnnotation(CelerisTest.class).transport() : "memory";
        return AppServers.resolve(parameter, AppServers.running(context, transport));
    }
}
