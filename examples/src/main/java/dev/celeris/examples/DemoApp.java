package dev.celeris.examples;

import dev.celeris.router.Celeris;
import dev.celeris.router.ConfigException;
import dev.celeris.router.Context;
import dev.celeris.router.Handler;
import dev.celeris.router.HttpException;
import dev.celeris.router.Router;
import dev.celeris.router.Server;
import dev.celeris.router.ServerBuilder;
import dev.celeris.router.middleware.BearerAuth;
import dev.celeris.router.middleware.Health;
import dev.celeris.router.middleware.Recovery;
import dev.celeris.router.middleware.RequestId;
import dev.celeris.router.middleware.Static;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo application: the README's quick start and the routes the compliance suite and the
 * benchmarks drive on every transport.
 *
 * <pre>
 * java -jar examples/target/celeris-examples.jar [--transport nio|netty|jetty] [--port 8080] [--host H] [--token secret]
 *     [--config app.yaml|app.properties] [--metrics]
 *     [--tls-self-signed | --tls-cert FILE --tls-key FILE] [--tls-port 8443]
 * </pre>
 */
public final class DemoApp {

    /** Largest body {@code GET /download} streams: 1 GiB. */
    public static final long MAX_DOWNLOAD = 1L << 30;

    private DemoApp() {
    }

    /** A post of the {@code /api/v1/posts} group. */
    public record Post(long id, String title, String body) {
    }

    /** What {@code POST /api/v1/posts} accepts. */
    public record NewPost(String title, String body) {
    }

    /** The demo routes; {@code token} guards {@code /api/v1}. */
    public static Router router(String token) {
        return router(token, new Handler[0]);
    }

    /** The demo routes behind {@code middleware} (e.g. tracing), which runs before the demo's own. */
    public static Router router(String token, Handler... middleware) {
        Router router = Router.create();
        router.use(middleware);
        router.use(Recovery.create(), RequestId.create());

        router.get("/", ctx -> ctx.string("Hello, Celeris!"));
        router.get("/json", ctx -> ctx.json(Map.of("message", "Hello, World!")));
        router.get("/whoami", DemoProxies::whoami);
        router.get("/users/:id", ctx -> ctx.json(Map.of("user_id", ctx.param("id"))));
        router.get("/users/:userId/posts/:postId", ctx -> {
            Map<String, String> body = new LinkedHashMap<>();
            body.put("user_id", ctx.param("userId"));
            body.put("post_id", ctx.param("postId"));
            ctx.json(body);
        });
        router.post("/echo", ctx -> ctx.json(ctx.bindJson(Object.class)));
        router.get("/download", DemoApp::download);
        router.get("/static/*path", Static.classpath("static"));
        Health.builder().install(router);
        DemoWebSockets.install(router);

        List<Post> posts = new ArrayList<>();
        AtomicLong ids = new AtomicLong();
        posts.add(new Post(ids.incrementAndGet(), "Hello", "The first post."));
        var api = router.group("/api/v1", BearerAuth.token(token));
        api.get("/posts", ctx -> {
            synchronized (posts) {
                ctx.json(List.copyOf(posts));
            }
        });
        api.post("/posts", ctx -> {
            NewPost in = ctx.bindJson(NewPost.class);
            if (in.title() == null || in.title().isBlank()) throw new HttpException(422, "title is required");
            Post created = new Post(ids.incrementAndGet(), in.title(), in.body() == null ? "" : in.body());
            synchronized (posts) {
                posts.add(created);
            }
            ctx.header("location", "/api/v1/posts/" + created.id());
            ctx.json(201, created);
        });
        return router;
    }

    /** {@code GET /download?bytes=N}: N bytes of a repeating pattern, streamed in 16 KiB chunks. */
    private static void download(Context ctx) throws Exception {
        long n = ctx.queryLong("bytes", 1024);
        if (n < 0 || n > MAX_DOWNLOAD) throw new HttpException(400, "bytes must be between 0 and " + MAX_DOWNLOAD);
        ctx.header("content-length", Long.toString(n));
        ctx.stream("application/octet-stream", out -> writePattern(out, n));
    }

    static void writePattern(OutputStream out, long n) throws Exception {
        byte[] chunk = new byte[16 * 1024];
        for (int i = 0; i < chunk.length; i++) chunk[i] = (byte) ('a' + i % 26);
        long left = n;
        while (left > 0) {
            int len = (int) Math.min(chunk.length, left);
            out.write(chunk, 0, len);
            left -= len;
        }
    }

    public static void main(String[] args) throws Exception {
        DemoLogging.configure();
        boolean metrics = DemoMetrics.requested(args);
        DemoTls.Parsed tls = DemoTls.extract(DemoMetrics.without(args));
        Options o = tls == null ? null : Options.parse(tls.rest());
        if (o == null) {
            System.err.println("usage: java -jar celeris-examples.jar [--transport nio|netty|jetty] [--port 8080] "
                    + "[--host 0.0.0.0] [--token secret] [--config FILE] [--metrics] [--proxy-protocol v1,v2] "
                    + "[--trusted-proxies CIDR,...] [--tls-self-signed | --tls-cert FILE --tls-key FILE] "
                    + "[--tls-port 8443]");
            System.exit(2);
            return;
        }
        Router router = router(o.token());
        Server server;
        Server secure;
        try {
            server = start(o, System.getenv(), metrics, router);
            secure = DemoTls.start(tls, o, System.getenv(), router);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (secure != null) secure.close();
            server.close();
        }, "celeris-shutdown"));
        System.out.println("Celeris demo listening on http://" + hostForUrl(server) + ":" + server.port()
                + " (transport: " + server.transportName() + ", address: " + server.address() + ")");
        if (secure != null) {
            System.out.println("Celeris demo listening on https://" + hostForUrl(secure) + ":" + secure.port()
                    + " (TLS, h2 and http/1.1 by ALPN; address: " + secure.address() + ")");
        }
        server.await();
    }

    /** Starts the demo: the config file and CELERIS_* variables first, command-line flags over them. */
    static Server start(Options o, Map<String, String> environment) {
        return start(o, environment, false);
    }

    /** As {@link #start(Options, Map)}, with {@code GET /metrics} and the metrics observer when {@code metrics}. */
    static Server start(Options o, Map<String, String> environment, boolean metrics) {
        return start(o, environment, metrics, router(o.token()));
    }

    /** As {@link #start(Options, Map, boolean)} serving {@code router}. */
    static Server start(Options o, Map<String, String> environment, boolean metrics, Router router) {
        ServerBuilder builder = Celeris.server().config(o.config(), environment);
        if (o.host() != null) builder.host(o.host());
        if (o.port() != null) builder.port(o.port());
        if (o.transport() != null) builder.transport(o.transport());
        DemoProxies.apply(o.proxyProtocol(), o.trustedProxies(), builder, router);
        if (metrics) DemoMetrics.install(router, builder);
        return builder.start(router);
    }

    private static String hostForUrl(Server server) {
        return server.address().getAddress().isAnyLocalAddress() ? "localhost" : server.address().getHostString();
    }

    /** Command-line options. */
    record Options(String transport, String host, Integer port, String token, Path config, String proxyProtocol,
            String trustedProxies) {

        Options(String transport, String host, Integer port, String token, Path config) {
            this(transport, host, port, token, config, null, null);
        }

        static Options parse(String[] args) {
            String transport = null;
            String host = null;
            Integer port = null;
            String token = "secret";
            Path config = null;
            String proxyProtocol = null;
            String trustedProxies = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("-h") || a.equals("--help") || i + 1 >= args.length) return null;
                String v = args[++i];
                switch (a) {
                    case "--transport" -> transport = v;
                    case "--host" -> host = v;
                    case "--port" -> {
                        try {
                            port = Integer.parseInt(v);
                        } catch (NumberFormatException e) {
                            return null;
                        }
                    }
                    case "--token" -> token = v;
                    case "--config" -> config = Path.of(v);
                    case "--proxy-protocol" -> proxyProtocol = v;
                    case "--trusted-proxies" -> trustedProxies = v;
                    default -> {
                        return null;
                    }
                }
            }
            return new Options(transport, host, port, token, config, proxyProtocol, trustedProxies);
        }
    }
}
