package dev.celeris.examples.lb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One {@code h2load} run (HTTP/2 prior knowledge) and what it reported. */
record H2Load(long total, long succeeded, long failed, long errored, long timeout, long status2xx, String output) {

    private static final Pattern REQUESTS = Pattern.compile(
            "requests: (\\d+) total, \\d+ started, \\d+ done, (\\d+) succeeded, (\\d+) failed, (\\d+) errored, (\\d+) timeout");
    private static final Pattern STATUS = Pattern.compile("status codes: (\\d+) 2xx");

    /** {@code h2load -n requests -c clients -m streams url}; waits for it (its own PID) to end. */
    static H2Load run(String url, int requests, int clients, int streams) throws Exception {
        return run(url, requests, clients, streams, null);
    }

    /** As {@link #run(String, int, int, int)}; with {@code jsonBody}, every request is a POST of that file. */
    static H2Load run(String url, int requests, int clients, int streams, java.nio.file.Path jsonBody) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("h2load", "-n", Integer.toString(requests), "-c", Integer.toString(clients),
                "-m", Integer.toString(streams)));
        if (jsonBody != null) cmd.addAll(List.of("-d", jsonBody.toString(), "-H", "content-type: application/json"));
        cmd.add(url);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("h2load did not finish: " + out);
        }
        Matcher r = REQUESTS.matcher(out);
        Matcher s = STATUS.matcher(out);
        if (!r.find() || !s.find()) throw new AssertionError("unexpected h2load output: " + out);
        return new H2Load(Long.parseLong(r.group(1)), Long.parseLong(r.group(2)), Long.parseLong(r.group(3)),
                Long.parseLong(r.group(4)), Long.parseLong(r.group(5)), Long.parseLong(s.group(1)), out);
    }

    /** Every request answered 2xx: nothing failed, errored or timed out. */
    boolean lostNothing() {
        return succeeded == total && failed == 0 && errored == 0 && timeout == 0 && status2xx == total;
    }
}
