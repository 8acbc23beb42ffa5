package dev.celeris.compliance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A checked-in verdict file: {@code <case id> <PASS|FAIL|SKIP> [# why]}, {@code #} comments. */
final class Expectations {

    private Expectations() {
    }

    static Map<String, Result.Verdict> load(Path file) throws IOException {
        Map<String, Result.Verdict> verdicts = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            String[] parts = l.split("\\s+");
            if (parts.length < 2) throw new IllegalArgumentException(file + ": bad line: " + line);
            Result.Verdict v = Result.Verdict.valueOf(parts[1]);
            if (v != Result.Verdict.PASS && !l.contains("#")) {
                throw new IllegalArgumentException(file + ": a deviation needs its explanation after '#': " + line);
            }
            verdicts.put(parts[0], v);
        }
        return verdicts;
    }

    /** Lines describing where {@code results} differ from {@code expected}; empty when they agree. */
    static List<String> differences(Map<String, Result.Verdict> expected, List<Result> results) {
        List<String> diff = new ArrayList<>();
        Map<String, Result> byId = new LinkedHashMap<>();
        for (Result r : results) byId.put(r.testCase().id(), r);
        for (Map.Entry<String, Result.Verdict> e : expected.entrySet()) {
            Result r = byId.get(e.getKey());
            if (r == null) diff.add(e.getKey() + ": expected " + e.getValue() + " but the case no longer exists");
            else if (r.verdict() != e.getValue()) diff.add("expected " + e.getValue() + ", got " + r.line());
        }
        for (Result r : results) {
            if (!expected.containsKey(r.testCase().id())) diff.add("no expectation for " + r.line());
        }
        return diff;
    }
}
