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

    /** Runs {@code cases} in order, handing each result to {@code onResult} as it comes. */
    public List<Result> runAll(List<ComplianceCase> cases, Consumer<Result> onResult) {
        List<Result> results = new ArrayList<>(cases.size());
        for (ComplianceCase c : cases) {
            Result r = run(c);
            results.add(r);
            onResult.accept(r);
        }
        return results;
    }
}
