package dev.celeris.examples.launcher;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a JDK of at least a given feature release: {@code JAVA_HOME} first (what the user
 * chose), else the newest one in the usual install directories.
 */
final class JdkFinder {

    static final String SEARCHED = "/usr/lib/jvm, /usr/java, /opt/java, ~/.sdkman/candidates/java, ~/.jdks, "
            + "/Library/Java/JavaVirtualMachines";

    private JdkFinder() {
    }

    /** The {@code java} executable of a JDK >= {@code required}, or null. */
    static File find(int required) {
        String javaHome = System.getenv("JAVA_HOME");
        if (javaHome != null && !javaHome.isEmpty()) {
            File exe = javaOf(new File(javaHome), required);
            if (exe != null) return exe;
        }
        File best = null;
        int bestRelease = 0;
        for (File home : candidates()) {
            int release = Launcher.releaseOf(home);
            File exe = javaOf(home, required);
            if (exe != null && release > bestRelease) {
                best = exe;
                bestRelease = release;
            }
        }
        return best;
    }

    private static File javaOf(File home, int required) {
        File exe = new File(home, "bin" + File.separator + (File.separatorChar == '\\' ? "java.exe" : "java"));
        return exe.canExecute() && Launcher.releaseOf(home) >= required ? exe : null;
    }

    private static List<File> candidates() {
        String user = System.getProperty("user.home");
        String[] roots = {"/usr/lib/jvm", "/usr/java", "/opt/java", user + "/.sdkman/candidates/java", user + "/.jdks"};
        List<File> homes = new ArrayList<File>();
        for (String root : roots) addChildren(homes, new File(root), "");
        addChildren(homes, new File("/Library/Java/JavaVirtualMachines"), "Contents/Home");
        return homes;
    }

    private static void addChildren(List<File> homes, File root, String suffix) {
        File[] children = root.listFiles();
        if (children == null) return;
        for (File child : children) homes.add(suffix.isEmpty() ? child : new File(child, suffix));
    }
}
