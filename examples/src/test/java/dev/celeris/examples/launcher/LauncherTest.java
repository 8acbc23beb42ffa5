package dev.celeris.examples.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Java 8 launcher: version parsing, and a real start from a JDK older than 21 when one is installed. */
class LauncherTest {

    @Test
    void featureReleaseOfVersionStrings() {
        assertThat(Launcher.feature("1.8")).isEqualTo(8);
        assertThat(Launcher.feature("17")).isEqualTo(17);
        assertThat(Launcher.feature("25.0.1")).isEqualTo(25);
        assertThat(Launcher.feature("21-ea")).isEqualTo(21);
        assertThat(Launcher.feature(null)).isZero();
    }

    @Test
    void releaseFileOfAJdkDirectory(@TempDir Path jdk) throws Exception {
        assertThat(Launcher.releaseOf(jdk.toFile())).as("no release file").isZero();
        Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"21.0.4\"\n");
        assertThat(Launcher.releaseOf(jdk.toFile())).isEqualTo(21);
    }

    /** What the README's first command does on a machine whose default java is 17: the launcher re-runs the demo on a JDK >= 21. */
    @Test
    @Timeout(120)
    void anOldJavaStartsTheDemoOnANewerJdk() throws Exception {
        Optional<Path> oldJava = oldJava();
        Assumptions.assumeTrue(oldJava.isPresent(), "no JDK older than 21 in /usr/lib/jvm: nothing to re-launch from");
        Assumptions.assumeTrue(JdkFinder.find(Launcher.REQUIRED) != null, "no JDK >= 21 for the launcher to find");
        Process p = new ProcessBuilder(oldJava.get().toString(), "-cp", System.getProperty("java.class.path"),
                Launcher.class.getName(), "--host", "127.0.0.1", "--port", "0").redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            Pattern listening = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
            int port = -1;
            for (String line; port < 0 && (line = out.readLine()) != null; ) {
                Matcher m = listening.matcher(line);
                if (m.find()) port = Integer.parseInt(m.group(1));
            }
            assertThat(port).as("the demo started and said where").isPositive();
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("Hello, Celeris!");
        } finally {
            List<ProcessHandle> children = p.descendants().toList();
            p.destroy();                                   // SIGTERM: the launcher's hook stops the demo it started
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            for (ProcessHandle child : children) {
                child.onExit().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Optional<Path> oldJava() {
        File[] jdks = new File("/usr/lib/jvm").listFiles();
        if (jdks == null) return Optional.empty();
        return Arrays.stream(jdks)
                .filter(d -> Launcher.releaseOf(d) >= 8 && Launcher.releaseOf(d) < Launcher.REQUIRED)
                .sorted(Comparator.comparing(File::getName))
                .map(d -> d.toPath().resolve("bin/java")).filter(Files::isExecutable).findFirst();
    }
}
