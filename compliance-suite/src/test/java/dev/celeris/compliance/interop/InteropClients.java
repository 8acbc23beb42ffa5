package dev.celeris.compliance.interop;

import java.nio.file.Path;
import java.util.List;

/** Every client of the matrix, in table order. */
public final class InteropClients {

    private InteropClients() {
    }

    public static List<InteropClient> all(Path workDir) throws Exception {
        return List.of(new CommandLineClients.Curl(workDir), new CommandLineClients.Nghttp(workDir),
                new CommandLineClients.H2load(workDir), new JavaClients.Jdk(), new JavaClients.OkHttp(),
                new NettyClient(), new JavaClients.Jetty());
    }
}
