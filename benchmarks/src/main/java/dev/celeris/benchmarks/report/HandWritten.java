package dev.celeris.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The hand-written tail of {@code BENCHMARKS.md}: everything from the marker line to the end of the
 * file is written by people (measurements no load run produces, such as observability overhead or
 * soak results), and a regenerated report copies it through byte for byte below the generated part.
 * Everything above the marker is replaced on every run; a hand edit there is lost.
 */
final class HandWritten {

    /** How a marker line starts; the rest of the line is free text explaining the rule to readers. */
    static final String MARKER_PREFIX = "<!-- hand-written sections below";

    /** The marker a report gets when the file it replaces has none. */
    static final String MARKER = MARKER_PREFIX + " are kept by benchmarks/run.sh: ReportMain regenerates "
            + "everything above this line and copies everything from this line on unchanged. "
            + "Add hand-written sections below it, never above. -->";

    private HandWritten() {
    }

    /** The tail of {@code text} from its marker line on, verbatim; empty when it has no marker. */
    static Optional<String> tail(String text) {
        int from = 0;
        while (from < text.length()) {
            int end = text.indexOf('\n', from);
            int next = end < 0 ? text.length() : end + 1;
            if (text.startsWith(MARKER_PREFIX, from)) return Optional.of(text.substring(from));
            from = next;
        }
        return Optional.empty();
    }

    /**
     * The report to write over {@code md}: {@code generated}, then the existing file's hand-written
     * tail, or a bare marker when there is none (so the next writer knows where to add sections).
     */
    static String merge(String generated, Path md) throws IOException {
        Optional<String> tail = Files.exists(md) ? tail(Files.readString(md)) : Optional.empty();
        if (tail.isEmpty() && Files.exists(md)) {
            System.err.println("ReportMain: " + md + " has no line starting with \"" + MARKER_PREFIX
                    + "\"; any hand-written sections in it are not kept");
        }
        StringBuilder sb = new StringBuilder(generated);
        while (sb.length() > 0 && sb.charAt(sb.length() - 1) == '\n') sb.setLength(sb.length() - 1);
        sb.append("\n\n");
        return sb.append(tail.orElse(MARKER + "\n")).toString();
    }
}
