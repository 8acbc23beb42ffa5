package dev.celeris.examples.launcher;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The demo jar's entry point, compiled for Java 8 so that any {@code java} on the PATH can run
 * it. On Java 21 or newer it calls {@code DemoApp.main} directly; on an older JVM it finds a JDK
 * 21+ ({@code JAVA_HOME}, then the usual install directories) and runs the same jar with it,
 * passing the arguments and JVM options on, forwarding termination, and exiting with its status.
 */
public final class Launcher {

    static final int REQUIRED = 21;
    static final String MAIN = "dev.celeris.examples.DemoApp";
    /** Set on the re-executed JVM so that a misdetected JDK can never loop. */
    static final String REEXEC = "celeris.launcher.reexec";

    private Launcher() {
    }

    public static void main(String[] args) throws Throwable {
        int running = feature(System.getProperty("java.specification.version"));
        if (running >= REQUIRED) {
            runDemo(args);
            return;
        }
        File java = Boolean.getBoolean(REEXEC) ? null : JdkFinder.find(REQUIRED);
        if (java == null) {
            System.err.println("Celeris needs Java " + REQUIRED + " or newer; this is Java " + running + " ("
                    + System.getProperty("java.home") + ") and no JDK " + REQUIRED + "+ was found in JAVA_HOME or "
                    + JdkFinder.SEARCHED + ". Install one (e.g. Temurin 25) and set JAVA_HOME to it.");
            System.exit(1);
            return;
        }
        System.exit(reexec(java, args));
    }

    private static void runDemo(String[] args) throws Throwable {
        try {
            Class.forName(MAIN).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static int reexec(File java, String[] args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<String>();
        command.add(java.getPath());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-D" + REEXEC + "=true");
        File self = selfLocation();
        if (self != null && self.isFile()) {
            command.add("-jar");
            command.add(self.getPath());
        } else {
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(MAIN);
        }
        command.addAll(Arrays.asList(args));
        final Process child = new ProcessBuilder(command).inheritIO().start();
        Thread forward = new Thread(new Runnable() {
            @Override
            public void run() {
                stop(child);
            }
        }, "celeris-launcher-stop");
        Runtime.getRuntime().addShutdownHook(forward);
        int status = child.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(forward);
        } catch (IllegalStateException shuttingDown) {
            // the hook is already running and stops the child
        }
        return status;
    }

    /** Terminates the child gracefully (SIGTERM runs its shutdown hook), forcibly after 30 s. */
    static void stop(Process child) {
        child.destroy();
        try {
            if (!child.waitFor(30, TimeUnit.SECONDS)) child.destroyForcibly();
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static File selfLocation() {
        try {
            return new File(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** The feature release of a version string: {@code "1.8"} is 8, {@code "25.0.1"} is 25. */
    static int feature(String version) {
        if (version == null) return 0;
        String v = version.startsWith("1.") ? version.substring(2) : version;
        int end = 0;
        while (end < v.length() && Character.isDigit(v.charAt(end))) end++;
        return end == 0 ? 0 : Integer.parseInt(v.substring(0, end));
    }

    /** The feature release a JDK directory's {@code release} file names, or 0. */
    static int releaseOf(File home) {
        File release = new File(home, "release");
        if (!release.isFile()) return 0;
        Properties p = new Properties();
        try (InputStream in = new FileInputStream(release)) {
            p.load(in);
        } catch (IOException e) {
            return 0;
        }
        String v = p.getProperty("JAVA_VERSION");
        return v == null ? 0 : feature(v.replace("\"", ""));
    }
}
