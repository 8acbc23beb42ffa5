package dev.celeris.compliance;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The command line:
 * {@code java -jar celeris-h2check.jar --host H --port P [--tls] [--path /] [--section 6.5] [--strict]
 * [--limits] [--websocket [--ws-path /ws/echo] [--ws-max-message BYTES]] [--timeout 2s] [--junit report.xml] [--list]}.
 * Prints one line per case and ends with {@code N passed, M failed}; exits 0 only when every
 * selected case passed, 1 when one failed, 2 on a usage error.
 */
public final class H2Check {

    static final String USAGE = """
            usage: java -jar celeris-h2check.jar --host H --port P [options]
              --host H          server host (required)
              --port P          server port speaking h2c with prior knowledge (required)
              --tls             speak TLS with ALPN h2 instead (the certificate is not verified)
              --path /          a path that answers GET and POST (default /)
              --section S       run only section S (e.g. 6.5 also runs 6.5.x), a case id, or a group
                                (generic, http2, hpack, strict, limits, websocket, websocket-h2,
                                deflate, deflate-h2)
              --strict          also run the strict group (SHOULD-level rules)
              --limits          also run the limits group (flood protection; servers without limits fail)
              --websocket       also run the WebSocket groups: RFC 6455 over HTTP/1.1 (websocket) and
                                over HTTP/2 extended CONNECT (websocket-h2), permessage-deflate on
                                both (deflate, deflate-h2); needs an endpoint echoing every message
              --ws-path P       the WebSocket echo endpoint (default /ws/echo)
              --ws-max-message N  the endpoint's message limit in bytes, for the 1009 cases (skipped
                                without it)
              --timeout 2s      how long each expectation waits (e.g. 500ms, 2s)
              --junit FILE      also write a JUnit XML report to FILE
              --list            list the selected cases without running them
            """;

    private H2Check() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the CLI; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String host = null;
        int port = -1;
        String path = "/";
        String section = null;
        boolean strict = false;
        boolean limits = false;
        boolean list = false;
        boolean tls = false;
        boolean websocket = false;
        String wsPath = Target.DEFAULT_WS_PATH;
        long wsMaxMessage = 0;
        Duration timeout = Duration.ofSeconds(2);
        Path junit = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--host" -> host = value(args, ++i, a);
                    case "--port" -> port = Integer.parseInt(value(args, ++i, a));
                    case "--path" -> path = value(args, ++i, a);
                    case "--section" -> section = value(args, ++i, a);
                    case "--strict" -> strict = true;
                    case "--limits" -> limits = true;
                    case "--list" -> list = true;
                    case "--tls" -> tls = true;
                    case "--websocket" -> websocket = true;
                    case "--ws-path" -> wsPath = value(args, ++i, a);
                    case "--ws-max-message" -> wsMaxMessage = Long.parseLong(value(args, ++i, a));
                    case "--timeout" -> timeout = parseDuration(value(args, ++i, a));
                    case "--junit" -> junit = Path.of(value(args, ++i, a));
                    case "-h", "--help" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            List<ComplianceCase> cases = Catalogue.select(section, strict, limits, websocket);
            if (list) {
                cases.forEach(c -> out.println(c.id() + "  " + c.rfc() + " §" + c.section() + "  " + c.description() + "  — \"" + c.requirement() + "\""));
                out.println(cases.size() + " cases");
                return 0;
            }
            if (host == null || port < 0) throw new IllegalArgumentException("--host and --port are required");
            if (cases.isEmpty()) throw new IllegalArgumentException("no case matches --section " + section);
            Target target = new Target(host, port, path, timeout, tls).withWebSocket(wsPath, wsMaxMessage);
            List<Result> results = new Runner(target).runAll(cases, r -> {
                out.println(r.line());
                out.flush();
            });
            long passed = results.stream().filter(Result::passed).count();
            long failed = results.stream().filter(r -> r.verdict() == Result.Verdict.FAIL).count();
            long skipped = results.size() - passed - failed;
            if (junit != null) JUnitXmlReport.write(junit, "h2check " + target.authority(), results);
            if (skipped > 0) out.println(skipped + " skipped");
            out.println(passed + " passed, " + failed + " failed");
            return failed == 0 ? 0 : 1;
        } catch (IllegalArgumentException e) {
            err.println("h2check: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (java.io.IOException e) {
            err.println("h2check: " + e);
            return 2;
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }

    /** {@code 2s}, {@code 500ms}, {@code 1m} or a bare number of seconds. */
    static Duration parseDuration(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            if (v.endsWith("s")) return Duration.ofMillis((long) (Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            if (v.endsWith("m")) return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
            return Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad --timeout value: " + s);
        }
    }
}
