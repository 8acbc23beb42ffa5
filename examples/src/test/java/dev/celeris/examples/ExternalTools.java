package dev.celeris.examples;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs command-line clients (curl, nghttp, h2load, chromium) for the TLS interop tests. */
final class ExternalTools {

    private ExternalTools() {
    }

    /** Output (stdout and stderr together) and exit code of one run. */
    record Run(int exit, String output) {
    }

    /** The binary's absolute path; skips the test (JUnit assumption) when it is not installed. */
    static String require(String name) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                File f = new File(dir, name);
                if (f.isFile() && f.canExecute()) return f.getAbsolutePath();
            }
        }
        Assumptions.abort(name + " is not installed (.ci/run installs it)");
        return null;
    }

    static Run run(String... command) throws Exception {
        return run(List.of(command));
    }

    static Run run(List<String> command) throws Exception {
        return run(90, command);
    }

    /** Runs a command to its end; after {@code seconds} it is stopped (with its children) and the test fails. */
    static Run run(int seconds, List<String> command) throws Exception {
        try (Background p = Background.start(command)) {
            return p.finish(seconds);
        }
    }

    /**
     * A started command whose output (stdout and stderr) goes to a file, so it can never block on a
     * full pipe; closing it stops the command and every process it started, by their own handles.
     */
    static final class Background implements AutoCloseable {
        private final String name;
        private final Process process;
        private final Path log;

        private Background(String name, Process process, Path log) {
            this.name = name;
            this.process = process;
            this.log = log;
        }

        static Background start(List<String> command) throws Exception {
            Path log = Files.createTempFile("celeris-tool", ".log");
            Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            return new Background(command.get(0), p, log);
        }

        /** Waits for the command to end; stops it and fails after {@code seconds}. */
        Run finish(int seconds) throws Exception {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                close();
                throw new AssertionError(name + " did not finish in " + seconds + " s: " + Files.readString(log));
            }
            return new Run(process.exitValue(), Files.readString(log));
        }

        @Override
        public void close() throws Exception {
            // Children first: once the parent is gone they are re-parented and no longer its descendants.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(log);
        }
    }
}
