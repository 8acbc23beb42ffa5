package dev.celeris.test;

import dev.celeris.router.Celeris;
import dev.celeris.router.Router;
import dev.celeris.router.Server;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;

/**
 * The servers of one test class: started on first use per transport, kept in the class's
 * extension store and closed (gracefully) when the class is done.
 */
final class AppServers {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(AppServers.class);

    private AppServers() {
    }

    /** A running app and the HTTP/2 client for it; both closed with the class. */
    @SuppressWarnings("deprecation") // CloseableResource for JUnit versions that do not close AutoCloseable values
    record Running(Server server, TestClient client) implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            try {
                client.close();
            } finally {
                server.close();
            }
        }
    }

    static Running running(ExtensionContext context, String transport) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        ExtensionContext owner = classContext;
        return owner.getStore(NS).getOrComputeIfAbsent("server:" + transport, k -> start(context, transport), Running.class);
    }

    private static Running start(ExtensionContext context, String transport) {
        Router router = app(context);
        Server server = Celeris.server().config(config(context.getRequiredTestClass()))
                .host("127.0.0.1").port(0).transport(transport).shutdownGrace(Duration.ofSeconds(1)).start(router);
        return new Running(server, TestClient.of(server));
    }

    /** The class's {@code @CelerisTest(config = ...)} keys. */
    private static Map<String, String> config(Class<?> type) {
        CelerisTest test = type.getAnnotation(CelerisTest.class);
        Map<String, String> keys = new LinkedHashMap<>();
        for (String entry : test == null ? new String[0] : test.config()) {
            int eq = entry.indexOf('=');
            if (eq <= 0) throw new ExtensionConfigurationException("@CelerisTest config entry must be key=value: " + entry);
            keys.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        return keys;
    }

    private static Router app(ExtensionContext context) {
        Class<?> type = context.getRequiredTestClass();
        List<Method> apps = Arrays.stream(allMethods(type)).filter(m -> m.isAnnotationPresent(CelerisApp.class)).toList();
        if (apps.size() != 1) {
            throw new ExtensionConfigurationException(type.getName() + " needs exactly one @CelerisApp method returning a Router, found "
                    + apps.size());
        }
        Method m = apps.get(0);
        if (m.getParameterCount() != 0 || !Router.class.isAssignableFrom(m.getReturnType())) {
            throw new ExtensionConfigurationException("@CelerisApp " + m + " must take no parameters and return a Router");
        }
        try {
            m.setAccessible(true);
            Object target = Modifier.isStatic(m.getModifiers()) ? null : context.getRequiredTestInstance();
            return (Router) m.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new ExtensionConfigurationException("@CelerisApp " + m + " failed", e.getCause() == null ? e : e.getCause());
        }
    }

    private static Method[] allMethods(Class<?> type) {
        List<Method> all = new java.util.ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) all.addAll(Arrays.asList(c.getDeclaredMethods()));
        return all.toArray(Method[]::new);
    }

    static boolean resolvable(ParameterContext parameter) {
        Class<?> t = parameter.getParameter().getType();
        return t == TestClient.class || t == Server.class;
    }

    static Object resolve(ParameterContext parameter, Running running) {
        return parameter.getParameter().getType() == Server.class ? running.server() : running.client();
    }
}
