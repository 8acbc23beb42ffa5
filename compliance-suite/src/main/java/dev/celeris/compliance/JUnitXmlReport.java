package dev.celeris.compliance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes results as a JUnit XML report (the Surefire/Ant schema CI systems read). */
public final class JUnitXmlReport {

    private JUnitXmlReport() {
    }

    public static void write(Path file, String suiteName, List<Result> results) throws IOException {
        long failures = results.stream().filter(r -> r.verdict() == Result.Verdict.FAIL).count();
        long skipped = results.stream().filter(r -> r.verdict() == Result.Verdict.SKIP).count();
        double total = results.stream().mapToLong(r -> r.duration().toMillis()).sum() / 1000.0;
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append(String.format("<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\" time=\"%.3f\">%n",
                esc(suiteName), results.size(), failures, skipped, total));
        for (Result r : results) {
            ComplianceCase c = r.testCase();
            b.append(String.format("  <testcase classname=\"%s\" name=\"%s\" time=\"%.3f\">",
                    esc(c.group() + "." + c.rfc().replace(' ', '_') + "." + c.section()), esc(c.id() + " " + c.description()),
                    r.duration().toMillis() / 1000.0));
            switch (r.verdict()) {
                case FAIL -> b.append("\n    <failure message=\"").append(esc("expected " + r.expected()))
                        .append("\">").append(esc(c.requirement() + "\nexpected: " + r.expected() + "\nseen: " + r.seen()))
                        .append("</failure>\n  ");
                case SKIP -> b.append("\n    <skipped message=\"").append(esc(r.seen())).append("\"/>\n  ");
                case PASS -> { }
            }
            b.append("</testcase>\n");
        }
        b.append("</testsuite>\n");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(file, b, StandardCharsets.UTF_8);
    }

    private static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> {
                    if (ch < 0x20 && ch != '\n' && ch != '\t') b.append("\\x").append(Integer.toHexString(ch));
                    else b.append(ch);
                }
            }
        }
        return b.toString();
    }
}
