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
        Path log = Files.createTempFile("celeris-tool", ".log");
        try {
            Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            try {
                if (!p.waitFor(90, TimeUnit.SECONDS)) {
                    throw new AssertionError(command.get(0) + " did not finish in 90 s: " + Files.readString(log));
                }
            } finally {
                p.destroyForcibly(); // by its own handle, if still there
                p.descendants().forEach(ProcessHandle::destroyForcibly);
            }
            return new Run(p.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
