package dev.celeris.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The report generators on a tiny fixture run ({@code src/test/resources/report}). */
@Timeout(60)
class ReportMainTest {

    @TempDir
    Path tmp;

    private Path fixture() throws IOException {
        Path dir = tmp.resolve("results/run");
        Files.createDirectories(dir);
        for (String f : new String[] {"samples.csv", "machine.txt", "memory.csv", "jmh.json", "warmup.csv"}) {
            try (InputStream in = getClass().getResourceAsStream("/report/" + f)) {
                Files.copy(in, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }

    @Test
    void writesMediansRatiosMemoryJmhAndAChart() throws IOException {
        Path dir = fixture();
        JmhSummary.main(new String[] {dir.resolve("jmh.json").toString(), dir.resolve("jmh.md").toString()});
        Path md = tmp.resolve("BENCHMARKS.md");
        Path png = tmp.resolve("docs/benchmarks.png");
        ReportMain.main(new String[] {dir.toString(), md.toString(), png.toString()});

        String report = Files.readString(md);
        // Medians with (min–max) over three rounds; ratios are taken round by round against netty-native.
        // netty-native's third round had h2load at 96 % of its CPU: the row is flagged client-bound.
        assertThat(report).contains("| netty-native **client-bound** | 1,000 (900–1,100) | 1.00 | 5,000 | 1.00 | – | – | 1.0 | 96 % | 100 | 0 |");
        assertThat(report).contains("| celeris-nio | 1,500 (1,400–1,600) | 1.50 (1.45–1.56) | 7,500 | 1.50 (1.45–1.56) | – | – | 1.0 | 50 % | 80 | 0 |");
        // Rounds on both sides of 1.00: a tie, not a win.
        assertThat(report).contains("| jetty-native | 950 (900–1,000) | tie 0.91 (0.90–1.06) |");
        // Latency only at -c 1 -m 1.
        assertThat(report).contains("`-c 1 -m 1`").contains("| netty-native | 100 | 1.00 | 500 | 1.00 | 2.00 | 4.00 |");
        // No baseline measured for json: the ratio says so instead of dividing by zero.
        assertThat(report).contains("| celeris-nio | 700 | n/a | 3,500 | n/a |");
        // Targets: met only when every round reaches it, unmet when none does.
        assertThat(report).contains("## Targets")
                .contains("| celeris-nio ≥ 1.5× netty-native, requests per server CPU-s | hello | `-c 8 -m 32` | 1.50 (1.45–1.56) | ±4 % | undecided |")
                .contains("| celeris-router-nio ≥ 0.9× celeris-nio, req/s | hello | `-c 8 -m 32` | 0.93 (0.71–1.06) | ±23 % | undecided |")
                .contains("| celeris-nio ≥ 1.0× netty-native on HTTP/1.1, req/s | h1-hello | `-c 8 -m 32` | 0.80 | ±0 % | unmet |");
        assertThat(report).contains("- warm-up: 1 of 2 server × scenario warm-ups reached two 1 s windows within 5 %, 16.5 windows on average; "
                + "stopped at the cap without settling: celeris-nio hello (round 1)");
        assertThat(report).contains("## hello — `GET /`, 15-byte text").contains("## json — `GET /json`");
        assertThat(report).contains("- `cores=2`");
        assertThat(report).contains("## Memory per idle connection").contains("| celeris-nio | 1000 | 2900 | 5100 |");
        assertThat(report).contains("not in git").doesNotContain("](results/run)");
        // the fixture's machine.txt has no pinning line: a run from before the method says so
        assertThat(report).contains("This run predates the current method");
        assertThat(report).contains("## JMH micro-benchmarks")
                .contains("| HpackBenchmark.decode | headers=small | 123 | 1.50 | ns/op | 48 |")
                // One measurement iteration: JMH writes the error as the string "NaN".
                .contains("| RouteLookupBenchmark.lookup |  | 1,235 | n/a | ops/us | n/a |");
        assertThat(report).contains("](docs/benchmarks.png)");
        byte[] image = Files.readAllBytes(png);
        assertThat(image).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    }

    @Test
    void failedCountIsUnknownWhenARoundCouldNotBeParsed() throws IOException {
        Path dir = fixture();
        Files.writeString(dir.resolve("samples.csv"), """
                server,scenario,level,round,rps,p50_us,p90_us,p99_us,cpu_s,rss_kb,failed
                netty-native,hello,-c 8 -m 32,1,100,1000,1000,1000,1.0,1024,?
                """);
        Files.delete(dir.resolve("memory.csv"));
        Path md = tmp.resolve("B.md");
        ReportMain.main(new String[] {dir.toString(), md.toString(), tmp.resolve("c.png").toString()});
        String report = Files.readString(md);
        // A row from before the CPU accounting (11 columns) still reads, with the unknown figures as n/a.
        assertThat(report).contains("| netty-native | 100 | 1.00 | n/a | n/a | – | – | 1.0 | n/a | 1 | ? |")
                .doesNotContain("Memory per idle connection").doesNotContain("JMH micro-benchmarks");
    }

    @Test
    void regeneratingKeepsTheHandWrittenTailVerbatimAndReplacesTheGeneratedPart() throws IOException {
        Path dir = fixture();
        Path md = tmp.resolve("BENCHMARKS.md");
        Path png = tmp.resolve("docs/benchmarks.png");
        // A tail with what a naive copy would mangle: a heading the generator also writes, a second
        // marker-like line, a CRLF, trailing spaces and no final newline.
        String tail = HandWritten.MARKER_PREFIX + " (reworded by hand) -->\n\n## Soak and chaos\n\n"
                + "| run | nio |\n|---|---|\n| soak | PASS |  \r\n\n## hello — hand-written, not the generated one\n"
                + HandWritten.MARKER_PREFIX + " again -->\nlast line, no newline";
        Files.writeString(md, "# Benchmarks\n\n| stale-server | 1 | 1.00 |\n\n" + tail);

        ReportMain.main(new String[] {dir.toString(), md.toString(), png.toString()});
        String report = Files.readString(md);
        assertThat(report).endsWith("\n\n" + tail).doesNotContain("stale-server");
        String generated = report.substring(0, report.length() - tail.length());
        assertThat(generated).contains("## Targets").contains("## hello — `GET /`, 15-byte text")
                .contains("## Memory per idle connection").doesNotContain(HandWritten.MARKER_PREFIX);

        // Regenerating again changes nothing: the tail is neither lost nor doubled.
        ReportMain.main(new String[] {dir.toString(), md.toString(), png.toString()});
        assertThat(Files.readString(md)).isEqualTo(report);
    }

    @Test
    void aNewReportEndsWithTheMarkerSoHandWrittenSectionsHaveAPlace() throws IOException {
        Path dir = fixture();
        Path md = tmp.resolve("new/BENCHMARKS.md");
        Files.createDirectories(md.getParent());
        ReportMain.main(new String[] {dir.toString(), md.toString(), tmp.resolve("c.png").toString()});
        assertThat(Files.readString(md)).endsWith("\n\n" + HandWritten.MARKER + "\n")
                .startsWith("# Benchmarks").contains("## hello");
    }
}
