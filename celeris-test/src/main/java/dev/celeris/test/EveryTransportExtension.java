package dev.celeris.test;

import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.Transports;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/** One invocation of an {@link EveryTransport} method per transport, each with its server's client. */
final class EveryTransportExtension implements TestTemplateInvocationContextProvider {

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> m.isAnnotationPresent(EveryTransport.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        String[] wanted = context.getRequiredTestMethod().getAnnotation(EveryTransport.class).value();
        List<String> names = wanted.length > 0 ? Arrays.asList(wanted)
                : Transports.available().stream().map(TransportProvider::name).toList();
        return names.stream().map(Invocation::new);
    }

    private record Invocation(String transport) implements TestTemplateInvocationContext {
        @Override
        public String getDisplayName(int index) {
            return "[" + transport + "]";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new ParameterResolver() {
                @Override
                public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
                    return AppServers.resolvable(parameter);
                }

                @Override
                public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
                    return AppServers.resolve(parameter, AppServers.running(context, transport));
                }
            });
        }
    }
}
