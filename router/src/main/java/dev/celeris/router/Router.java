package dev.celeris.router;

import dev.celeris.engine.ClientException;
import dev.celeris.engine.HttpHandler;
import dev.celeris.engine.HttpRequest;
import dev.celeris.engine.HttpResponse;
import dev.celeris.router.json.JsonCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The application's routes: a radix tree per method ({@link RouteTree}), middleware, and the
 * 404/405/error policy. It is the engine's {@link HttpHandler}: {@link Celeris#server()} runs it.
 *
 * <pre>{@code
 * Router router = Router.create();
 * router.use(Recovery.create(), Logger.create());
 * router.get("/users/:id", ctx -> ctx.json(Map.of("user_id", ctx.param("id"))));
 * }</pre>
 *
 * <p>Lookup priority at each position: static text, then {@code :param}, then {@code *catchAll},
 * backtracking when a branch fails. A {@code HEAD} request without a HEAD route is served by
 * the GET route with the body left out. A path registered under other methods gets 405 with
 * {@code Allow} (or, for {@code OPTIONS}, 204 with {@code Allow}). Routes are frozen once the
 * router serves its first request or a server starts with it: later changes throw.
 */
public final class Router extends Routes<Router> implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(Router.class.getName());

    private String[] methods = new String[0];
    private RouteTree<Route>[] trees = newTrees(0);
    private final List<Route> routes = new ArrayList<>();
    private volatile boolean frozen;
    private TrustedProxies trustedProxies = TrustedProxies.NONE;
    /** Whether any route is non-blocking: only then does {@link #isBlocking(HttpRequest)} look routes up. */
    private boolean anyNonBlocking;
    /** Lookup scratch for {@link #isBlocking(HttpRequest)}, one per I/O thread. */
    private final ThreadLocal<Params> blockingScratch = ThreadLocal.withInitial(Params::new);

    private Handler notFound = ctx -> {
        throw new HttpException(404, "Not Found");
    };
    private Handler methodNotAllowed = ctx -> {
        throw new HttpException(405, "Method Not Allowed");
    };
    private ErrorHandler errorHandler = DefaultErrorHandler.INSTANCE;
    private boolean redirectTrailingSlash = true;
    private boolean handleMethodNotAllowed = true;
    private boolean handleOptions = true;
    private JsonCodec json;

    private Handler[] notFoundChain;
    private Handler[] methodNotAllowedChain;
    private Handler[] optionsChain;
    private Handler[] redirectChain;

    private Router() {
    }

    public static Router create() {
        return new Router();
    }

    @Override
    Router router() {
        return this;
    }

    @Override
    String prefix() {
        return "";
    }

    @Override
    List<Handler> effectiveMiddleware() {
        return middleware;
    }

    // --- configuration -----------------------------------------------------------------------

    /** Handler for paths no route matches (default: 404 through the error handler). */
    public Router notFound(Handler handler) {
        checkOpen();
        notFound = Objects.requireNonNull(handler);
        return this;
    }

    /**
     * Handler for a path that exists under other methods only (default: 405). The {@code Allow}
     * header is already set when it runs.
     */
    public Router methodNotAllowed(Handler handler) {
        checkOpen();
        methodNotAllowed = Objects.requireNonNull(handler);
        return this;
    }

    /** Renders exceptions thrown by handlers (default: {@link HttpException} status, else 500). */
    public Router errorHandler(ErrorHandler handler) {
        checkOpen();
        errorHandler = Objects.requireNonNull(handler);
        return this;
    }

    /**
     * Believe {@code Forwarded} (RFC 7239) and {@code X-Forwarded-For/-Proto/-Host} from peers in
     * these networks ({@code "10.0.0.0/8"}, {@code "127.0.0.1"}, {@code "2001:db8::/32"}): then
     * {@link Context#clientIp()}, {@link Context#scheme()} and {@link Context#host()} report the
     * original client. Default: none, and the headers are ignored. Replaces earlier calls.
     *
     * @throws IllegalArgumentException for something that is not an IP literal or CIDR network
     */
    public Router trustProxies(String... cidrs) {
        checkOpen();
        trustedProxies = TrustedProxies.of(cidrs);
        return this;
    }

    TrustedProxies trustedProxies() {
        return trustedProxies;
    }

    /**
     * When no route matches but the path with the trailing slash added or removed does, redirect
     * there: 301 for GET/HEAD, 308 otherwise (keeps the method and body). Default true.
     */
    public Router redirectTrailingSlash(boolean on) {
        checkOpen();
        redirectTrailingSlash = on;
        return this;
    }

    /** Answer 405 + {@code Allow} when the path exists under other methods; when false, 404. Default true. */
    public Router handleMethodNotAllowed(boolean on) {
        checkOpen();
        handleMethodNotAllowed = on;
        return this;
    }

    /** Answer {@code OPTIONS} with 204 + {@code Allow} when no OPTIONS route matches. Default true. */
    public Router handleOptions(boolean on) {
        checkOpen();
        handleOptions = on;
        return this;
    }

    /** The JSON codec for {@link Context#json} and {@link Context#bindJson} (default Jackson). */
    public Router jsonCodec(JsonCodec codec) {
        checkOpen();
        json = Objects.requireNonNull(codec);
        return this;
    }

    public JsonCodec jsonCodec() {
        JsonCodec codec = json;
        if (codec == null) {
            codec = JsonCodec.jackson();
            json = codec;
        }
        return codec;
    }

    ErrorHandler errorHandler() {
        return errorHandler;
    }

    // --- registration ------------------------------------------------------------------------

    /**
     * Adds a route: every verb method ends here.
     *
     * @throws IllegalArgumentException for a malformed path or a conflict (naming both routes)
     * @throws IllegalStateException    once the router is frozen
     */
    public Router add(Route route) {
        checkOpen();
        String method = route.method();
        if (method.isEmpty() || !method.chars().allMatch(Router::isTokenChar)) {
            throw new IllegalArgumentException("invalid method token: '" + method + "'");
        }
        tree(method, true).insert(method, route.path(), route);
        routes.add(route);
        return this;
    }

    /** Every registered route, in registration order. */
    public List<Route> routes() {
        return Collections.unmodifiableList(new ArrayList<>(routes));
    }

    /** Stops registration and precomputes the 404/405 chains. Idempotent. */
    public synchronized Router freeze() {
        if (frozen) return this;
        notFoundChain = withMiddleware(notFound);
        methodNotAllowedChain = withMiddleware(methodNotAllowed);
        optionsChain = withMiddleware(ctx -> ctx.status(204).response().end());
        redirectChain = withMiddleware(ctx -> ctx.redirect(ctx.get(REDIRECT_STATUS), ctx.get(REDIRECT_LOCATION)));
        frozen = true;
        return this;
    }

    public boolean isFrozen() {
        return frozen;
    }

    void checkOpen() {
        if (frozen) throw new IllegalStateException("routes are frozen: the router is already serving");
    }

    // --- lookup ------------------------------------------------------------------------------

    /**
     * The route for {@code method} and {@code path}, filling {@code params}; {@code null} if
     * none. HEAD falls back to GET. Allocates nothing (once {@code params} has grown).
     */
    public Route find(String method, String path, Params params) {
        RouteTree<Route> tree = tree(method, false);
        Route route = tree == null ? null : tree.find(path, params);
        if (route == null && "HEAD".equals(method)) {
            params.clear();
            tree = tree("GET", false);
            route = tree == null ? null : tree.find(path, params);
        }
        return route;
    }

    /** Methods with a route matching {@code path}, in a stable order, HEAD implied by GET. */
    public List<String> allowedMethods(String path) {
        List<String> allowed = new ArrayList<>();
        Params scratch = new Params();
        for (int i = 0; i < methods.length; i++) {
            scratch.clear();
            if (trees[i].find(path, scratch) != null) allowed.add(methods[i]);
        }
        if (allowed.contains("GET") && !allowed.contains("HEAD")) allowed.add("HEAD");
        if (!allowed.isEmpty() && handleOptions && !allowed.contains("OPTIONS")) allowed.add("OPTIONS");
        allowed.sort((a, b) -> Integer.compare(methodRank(a), methodRank(b)));
        return allowed;
    }

    private static int methodRank(String m) {
        int i = ANY_METHODS.indexOf(m);
        return i < 0 ? ANY_METHODS.size() : i;
    }

    // --- dispatch ----------------------------------------------------------------------------

    void noteNonBlocking() {
        anyNonBlocking = true;
    }

    /**
     * Asked by the engine on the I/O thread for each request: false when the request's route is
     * marked {@link Routes#nonBlocking()}, so it runs inline there. Requests that match no route
     * (404, 405, redirects) take the default path, on their own thread.
     */
    @Override
    public boolean isBlocking(HttpRequest request) {
        if (!anyNonBlocking) return true;
        if (!frozen) freeze();
        Params scratch = blockingScratch.get();
        scratch.clear();
        Route route = find(request.method(), request.path(), scratch);
        return route == null || !route.isNonBlocking();
    }

    static final String REDIRECT_STATUS = "celeris.redirect.status";
    static final String REDIRECT_LOCATION = "celeris.redirect.location";

    @Override
    public void handle(HttpRequest request, HttpResponse response) throws Exception {
        if (!frozen) freeze();
        String method = request.method();
        String path = request.path();
        // a route without parameters needs no Params: the context creates an empty one if asked
        RouteTree<Route> tree = tree(method, false);
        Route route = tree == null ? null : tree.findStatic(path);
        Params params = null;
        if (route == null) {
            params = new Params();
            route = find(method, path, params);
        }
        if (route != null) request.routeTemplate(route.path());
        Context ctx = new Context(this, request, response, params);
        Handler[] chain = route != null ? route.chain() : missChain(ctx, method, path, params);
        ctx.begin(route, chain);
        try {
            ctx.next();
        } catch (Throwable error) {
            handleError(ctx, error);
        }
        ctx.finish();
    }

    private Handler[] missChain(Context ctx, String method, String path, Params params) {
        params.clear();
        if (redirectTrailingSlash && !"CONNECT".equals(method) && path.length() > 1) {
            String alt = path.endsWith("/") ? path.substring(0, path.length() - 1) : path + "/";
            Params scratch = new Params();
            if (find(method, alt, scratch) != null) {
                String query = ctx.rawQuery();
                ctx.set(REDIRECT_STATUS, "GET".equals(method) || "HEAD".equals(method) ? 301 : 308);
                ctx.set(REDIRECT_LOCATION, query == null ? alt : alt + "?" + query);
                return redirectChain;
            }
        }
        List<String> allowed = allowedMethods(path);
        if (!allowed.isEmpty()) {
            String allow = String.join(", ", allowed);
            if ("OPTIONS".equals(method) && handleOptions) {
                ctx.response().header("allow", allow);
                return optionsChain;
            }
            if (handleMethodNotAllowed) {
                ctx.response().header("allow", allow);
                return methodNotAllowedChain;
            }
        }
        return notFoundChain;
    }

    /**
     * Answers {@code error} through the error handler; rethrows it when the response is already
     * committed (the engine then resets the stream). Used by dispatch and by {@code Recovery}.
     */
    public void handleError(Context ctx, Throwable error) throws Exception {
        ClientException client = ClientException.in(error);
        if (client != null) {
            // The client's doing (reset, gone, bad or stalled body): expected, one DEBUG line, and the
            // engine answers with the exception's status (400/408/413) or, with the client gone, not at all.
            LOG.log(System.Logger.Level.DEBUG, "client failure on {0} {1}: {2}", ctx.method(), ctx.path(),
                    client.getMessage());
            if (error instanceof Exception e) throw e;
            throw (Error) error;
        }
        if (ctx.response().isCommitted()) {
            // too late for an error response: the engine resets the stream / closes the connection
            if (error instanceof Exception e) throw e;
            throw (Error) error;
        }
        ctx.prepareErrorResponse();
        try {
            errorHandler.handle(ctx, error);
        } catch (Throwable failure) {
            LOG.log(System.Logger.Level.ERROR, "error handler failed while handling " + error, failure);
            if (!ctx.response().isCommitted()) {
                ctx.prepareErrorResponse();
                ctx.string(500, "Internal Server Error");
            }
        }
    }

    // --- trees -------------------------------------------------------------------------------

    private Handler[] withMiddleware(Handler last) {
        Handler[] chain = Arrays.copyOf(middleware.toArray(new Handler[0]), middleware.size() + 1);
        chain[middleware.size()] = last;
        return chain;
    }

    private RouteTree<Route> tree(String method, boolean create) {
        String[] ms = methods;
        for (int i = 0; i < ms.length; i++) {
            if (ms[i].equals(method)) return trees[i];
        }
        if (!create) return null;
        RouteTree<Route> tree = new RouteTree<>();
        RouteTree<Route>[] grown = newTrees(ms.length + 1);
        System.arraycopy(trees, 0, grown, 0, ms.length);
        grown[ms.length] = tree;
        String[] names = Arrays.copyOf(ms, ms.length + 1);
        names[ms.length] = method;
        trees = grown;
        methods = names;
        return tree;
    }

    /** The tree for {@code method} (tests check its invariants); null when none. */
    RouteTree<Route> treeFor(String method) {
        return tree(method, false);
    }

    @SuppressWarnings("unchecked")
    private static RouteTree<Route>[] newTrees(int n) {
        return (RouteTree<Route>[]) new RouteTree[n];
    }

    private static boolean isTokenChar(int c) {
        // SPEC: RFC 9110 §5.6.2 tchar
        return c > 32 && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }
}
