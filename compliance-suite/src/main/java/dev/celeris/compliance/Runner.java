package dev.celeris.compliance;

import dev.celeris.compliance.client.CaseFailure;
import dev.celeris.compliance.client.Skip;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Runs cases one after another against a {@link Target}, each on its own connection(s). */
public final class Runner {

    private final Target target;

    public Runner(Target target) {
        this.target = target;
    }

    /** Runs one case; never throws. */
    public Result run(ComplianceCase c) {
        long start = System.nanoTime();
        Result.Verdict verdict = Result.Verdict.PASS;
        String expected = "";
        String seen = "";
        try (CaseContext ctx = new CaseContext(target)) {
            c.body().run(ctx);
        } catch (CaseFailure f) {
            verdict = Result.Verdict.FAIL;
            expected = f.expected();
            seen = f.seen();
        } catch (Skip s) {
            verdict = Result.Verdict.SKIP;
            seen = s.getMessage();
        } catch (Exception e) {
            verdict = Result.Verdict.FAIL;
            expected = "the exchange to complete";
            seen = e.toString();
        }
        return new Result(c, verdict, expected, seen, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * One throwaway handshake and request before the first case, so a server that loads classes
     * or compiles code on its first connection does not fail the first case on a timeout.
     * Failures here are ignored: the cases report them.
     */
    public void warmUp() {
        try (CaseContext ctx = new CaseContext(target)) {
            var c = ctx.open();
            c.handshake();
            c.send(dev.celeris.compliance.client.Frames.headers(1, dev.celeris.compliance.client.H2.FLAG_END_HEADERS | dev.celeris.compliance.client.H2.FLAG_END_STREAM, ctx.get()));
            c.expectations().streamEnd(1);
        } catch (Exception ignored) {
            // reported by the cases themselves
        }
    }

    /** Runs {@code cases} in order, handing each result to {@code onResult} as it comes. */
    public List<Result> runAll(List<ComplianceCase> cases, Consumer<Result> onResult) {
        warmUp();
        List<Result> results = new ArrayList<>(cases.size());
        for (ComplianceCase c : cases) {
            Result r = run(c);
            results.add(r);
            onResult.accept(r);
        }
        return results;
    }
}
