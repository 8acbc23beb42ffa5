package dev.celeris.benchmarks.jmh;

import dev.celeris.router.Handler;
import dev.celeris.router.Params;
import dev.celeris.router.Route;
import dev.celeris.router.Router;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Route lookup over the 203-route GitHub API table: a static route, two parameters, a
 * catch-all, a miss (404), and every route once. Run with the GC profiler to see allocations:
 *
 * <pre>
 * java -jar benchmarks/target/celeris-benchmarks.jar RouteLookupBenchmark -prof gc
 * </pre>
 *
 * The lookup writes parameters as offsets into a reused {@link Params}, so matching allocates
 * nothing; {@code twoParamsRead} also reads the values (two small strings).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouteLookupBenchmark {

    private Router router;
    private final Params params = new Params(8);
    private String[] allMethods;
    private String[] allPaths;

    // non-final so the JIT cannot constant-fold the lookups
    private String staticPath = "/user/repos";
    private String twoParamPath = "/repos/julienschmidt/httprouter/stargazers";
    private String wildcardPath = "/repos/julienschmidt/httprouter/contents/src/main/java/Example.java";
    private String missingPath = "/this/route/does/not/exist";
    private String get = "GET";

    @Setup
    public void setup() {
        router = Router.create();
        Handler handler = ctx -> { };
        int n = GithubApiRoutes.ROUTES.size();
        allMethods = new String[n];
        allPaths = new String[n];
        for (int i = 0; i < n; i++) {
            String[] parts = GithubApiRoutes.ROUTES.get(i).split(" ");
            router.handle(parts[0], parts[1], handler);
            allMethods[i] = parts[0];
            allPaths[i] = GithubApiRoutes.samplePath(parts[1]);
        }
        router.freeze();
        for (int i = 0; i < n; i++) {
            params.clear();
            if (router.find(allMethods[i], allPaths[i], params) == null) {
                throw new IllegalStateException("no route for " + allMethods[i] + " " + allPaths[i]);
            }
        }
    }

    @Benchmark
    public Route staticRoute() {
        params.clear();
        return router.find(get, staticPath, params);
    }

    @Benchmark
    public Route twoParams() {
        params.clear();
        return router.find(get, twoParamPath, params);
    }

    @Benchmark
    public void twoParamsRead(Blackhole bh) {
        params.clear();
        bh.consume(router.find(get, twoParamPath, params));
        bh.consume(params.get("owner"));
        bh.consume(params.get("repo"));
    }

    @Benchmark
    public Route wildcard() {
        params.clear();
        return router.find(get, wildcardPath, params);
    }

    @Benchmark
    public Route notFound() {
        params.clear();
        return router.find(get, missingPath, params);
    }

    /** Every one of the 203 routes once (divide by 203 for the mean per lookup). */
    @Benchmark
    public void allRoutes(Blackhole bh) {
        String[] methods = allMethods;
        String[] paths = allPaths;
        for (int i = 0; i < paths.length; i++) {
            params.clear();
            bh.consume(router.find(methods[i], paths[i], params));
        }
    }
}
