package dev.celeris.benchmarks.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Latency samples bucketed by minute of the run, to compare the first minute with the last. */
final class Latencies {

    record Summary(int n, double p50Ms, double p99Ms) {
    }

    private final Map<Integer, List<Long>> byMinute = new ConcurrentHashMap<>();

    void add(int minute, long nanos) {
        List<Long> l = byMinute.computeIfAbsent(minute, k -> new ArrayList<>());
        synchronized (l) {
            l.add(nanos);
        }
    }

    Summary summary(int minute) {
        List<Long> l = byMinute.getOrDefault(minute, List.of());
        long[] a;
        synchronized (l) {
            a = l.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        if (a.length == 0) return new Summary(0, 0, 0);
        return new Summary(a.length, a[(int) (a.length * 0.50)] / 1e6, a[Math.min(a.length - 1, (int) (a.length * 0.99))] / 1e6);
    }
}
