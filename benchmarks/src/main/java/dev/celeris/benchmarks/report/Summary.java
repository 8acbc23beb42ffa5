package dev.celeris.benchmarks.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One server × scenario × level over its rounds: medians, min and max, and the samples themselves. */
record Summary(String server, String scenario, String level, List<Sample> samples) {

    /** Groups samples by server, scenario and level, in first-seen order. */
    static List<Summary> of(List<Sample> samples) {
        Map<String, List<Sample>> groups = new LinkedHashMap<>();
        for (Sample s : samples) {
            groups.computeIfAbsent(s.server() + '\0' + s.scenario() + '\0' + s.level(), k -> new ArrayList<>()).add(s);
        }
        List<Summary> out = new ArrayList<>();
        for (List<Sample> g : groups.values()) {
            Sample first = g.get(0);
            out.add(new Summary(first.server(), first.scenario(), first.level(), List.copyOf(g)));
        }
        return out;
    }

    static Summary find(List<Summary> all, String server, String scenario, String level) {
        for (Summary s : all) {
            if (s.server().equals(server) && s.scenario().equals(scenario) && s.level().equals(level)) return s;
        }
        return null;
    }

    int rounds() {
        return samples.size();
    }

    double rps() {
        return Stats.median(samples, Sample::rps);
    }

    double rpsMin() {
        return Stats.min(samples, Sample::rps);
    }

    double rpsMax() {
        return Stats.max(samples, Sample::rps);
    }

    double perCpu() {
        return Stats.median(samples, Sample::perCpuSecond);
    }

    double p50ms() {
        return Stats.median(samples, s -> s.p50us() / 1000.0);
    }

    double p99ms() {
        return Stats.median(samples, s -> s.p99us() / 1000.0);
    }

    double cpuSeconds() {
        return Stats.median(samples, Sample::cpuSeconds);
    }

    double rssMb() {
        return Stats.max(samples, s -> s.rssKb()) / 1024.0;
    }

    /** h2load's highest CPU share over the rounds (0 when not recorded). */
    double clientUtilisation() {
        return Stats.max(samples, Sample::clientUtilisation);
    }

    boolean clientBound() {
        return samples.stream().anyMatch(Sample::clientBound);
    }

    /** Failed requests over all rounds, or -1 when a round's count could not be read. */
    long failed() {
        long failed = 0;
        for (Sample s : samples) {
            try {
                failed += Long.parseLong(s.failed());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return failed;
    }

    /** This row against another row of the same scenario and level, round by round. */
    Ratio over(Summary base, boolean perCpu) {
        if (base == null) return null;
        return Ratio.of(samples, base.samples(), perCpu ? Sample::perCpuSecond : Sample::rps);
    }
}
