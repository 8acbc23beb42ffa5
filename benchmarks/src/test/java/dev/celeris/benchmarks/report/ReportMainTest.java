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
        for (String f : new String[] {"samples.csv", "machine.txt", "memory.csv", "jmh.json"}) {
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
        // Medians over the three rounds: netty 1000, celeris 1500 req/s; p50 median 2000 µs = 2.00 ms.
        assertThat(report).contains("| netty-native | `-c 8 -m 32` | 1,000 | 1.00 | 2.00 | 4.00 | 1.5 | 100 | 0 |");
        assertThat(report).contains("| celeris-nio | `-c 8 -m 32` | 1,500 | 1.50 |");
        // No baseline measured for json: the ratio says so instead of dividing by zero.
        assertThat(report).contains("| celeris-nio | `-c 8 -m 32` | 700 | n/a |");
        assertThat(report).contains("## hello — `GET /`, 15-byte text").contains("## json — `GET /json`");
        assertThat(report).contains("- `cores=2`");
        assertThat(report).contains("## Memory per idle connection").contains("| celeris-nio | 1000 | 2900 | 5100 |");
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
        assertThat(report).contains("| netty-native | `-c 8 -m 32` | 100 | 1.00 | 1.00 | 1.00 | 1.0 | 1 | ? |")
                .doesNotContain("Memory per idle connection").doesNotContain("JMH micro-benchmarks");
    }
}
