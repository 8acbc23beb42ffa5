package dev.celeris.compliance;

import java.time.Duration;

/**
 * A case's verdict.
 *
 * @param expected what the requirement expected (failures only, else empty)
 * @param seen     what the server did, or why the case was skipped (else empty)
 */
public record Result(ComplianceCase testCase, Verdict verdict, String expected, String seen, Duration duration) {

    public enum Verdict { PASS, FAIL, SKIP }

    public boolean passed() {
        return verdict == Verdict.PASS;
    }

    /** One line: {@code PASS http2/6.5/1 §6.5 description} plus expected/seen for failures and skips. */
    public String line() {
        ComplianceCase c = testCase;
        String sect = (c.rfc().equals("RFC 9113") ? "" : c.rfc() + " ") + "§" + c.section();
        String head = String.format("%-4s %-18s %-16s %s", verdict, c.id(), sect, c.description());
        return switch (verdict) {
            case PASS -> head;
            case FAIL -> head + " | expected: " + expected + " | seen: " + seen;
            case SKIP -> head + " | skipped: " + seen;
        };
    }
}
