package dev.celeris.compliance.interop;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** curl, nghttp and h2load, run as processes with h2c prior knowledge. */
final class CommandLineClients {

    private CommandLineClients() {
    }

    static String which(String name) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(File.pathSeparator)) {
            File f = new File(dir, name);
            if (f.isFile() && f.canExecute()) return f.getAbsolutePath();
        }
        return null;
    }

    /** Runs a command; returns stdout+stderr as text and the exit code. */
    record Run(int exit, String output) {
    }

    static Run exec(List<String> command, Path stdout) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        Path log = Files.createTempFile("interop", ".log");
        try {
            if (stdout != null) {
                pb.redirectOutput(stdout.toFile());
                pb.redirectError(log.toFile());
            } else {
                pb.redirectErrorStream(true).redirectOutput(log.toFile());
            }
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " timed out");
            }
            return new Run(p.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    abstract static class Binary implements InteropClient {
        final String binary;
        final Path dir;

        Binary(String name, Path dir) {
            this.binary = which(name);
            this.dir = dir;
        }

        @Override
        public String unavailable() {
            return binary == null ? name() + " is not installed" : null;
        }

        Path postFile() throws Exception {
            Path f = dir.resolve("post-1mib.json");
            if (!Files.exists(f)) Files.write(f, Scenario.postBody());
            return f;
        }
    }

    static final class Curl extends Binary {
        Curl(Path dir) {
            super("curl", dir);
        }

        @Override
        public String name() {
            return "curl --http2-prior-knowledge";
        }

        @Override
        public Outcome run(Scenario s, String base) throws Exception {
            Path body = Files.createTempFile(dir, "curl", ".out");
            List<String> cmd = new ArrayList<>(List.of(binary, "-sS", "--http2-prior-knowledge", "-o", body.toString(),
                    "-w", "%{http_code} %{http_version}"));
            if (s == Scenario.POST_1MIB) cmd.addAll(List.of("-H", "content-type: application/json", "--data-binary", "@" + postFile()));
            cmd.add(base + s.path());
            Run r = exec(cmd, null);
            String[] w = r.output().trim().split(" ");
            int status = w.length > 0 && w[0].matches("\\d+") ? Integer.parseInt(w[0]) : -1;
            String proto = w.length > 1 ? "HTTP/" + w[1] : "";
            Outcome o = Outcome.of(status, Files.readAllBytes(body), s, proto);
            return r.exit() == 0 ? o : new Outcome(false, proto, "exit " + r.exit() + ": " + r.output().trim());
        }
    }

    static final class Nghttp extends Binary {
        Nghttp(Path dir) {
            super("nghttp", dir);
        }

        @Override
        public String name() {
            return "nghttp";
        }

        @Override
        public Outcome run(Scenario s, String base) throws Exception {
            Path body = Files.createTempFile(dir, "nghttp", ".out");
            List<String> cmd = new ArrayList<>(List.of(binary, "--no-content-length"));
            if (s == Scenario.POST_1MIB) cmd.addAll(List.of("-H", "content-type: application/json", "-d", postFile().toString()));
            cmd.add(base + s.path());
            Run r = exec(cmd, body);
            // nghttp prints only the body on stdout; a non-200 status makes it exit non-zero? It does not: check the body.
            return r.exit() == 0 ? Outcome.of(200, Files.readAllBytes(body), s, "HTTP/2")
                    : new Outcome(false, "HTTP/2", "exit " + r.exit() + ": " + r.output().trim());
        }
    }

    static final class H2load extends Binary {
        private static final Pattern DONE = Pattern.compile("requests: (\\d+) total, \\d+ started, (\\d+) done, (\\d+) succeeded, (\\d+) failed");
        private static final Pattern CODES = Pattern.compile("status codes: (\\d+) 2xx");

        H2load(Path dir) {
            super("h2load", dir);
        }

        @Override
        public String name() {
            return "h2load";
        }

        @Override
        public Outcome run(Scenario s, String base) throws Exception {
            int n = s == Scenario.GET ? 200 : 4;
            List<String> cmd = new ArrayList<>(List.of(binary, "-n", Integer.toString(n), "-c", "2", "-m", "10"));
            if (s == Scenario.POST_1MIB) cmd.addAll(List.of("-H", "content-type: application/json", "-d", postFile().toString()));
            cmd.add(base + s.path());
            Run r = exec(cmd, null);
            Matcher done = DONE.matcher(r.output());
            Matcher codes = CODES.matcher(r.output());
            boolean ok = r.exit() == 0 && done.find() && codes.find() && done.group(3).equals(Integer.toString(n))
                    && codes.group(1).equals(Integer.toString(n));
            return new Outcome(ok, "HTTP/2", ok ? n + " requests" : r.output().lines().filter(l -> l.contains("requests:") || l.contains("status codes"))
                    .reduce("", (a, b) -> a + b.trim() + " "));
        }
    }
}
